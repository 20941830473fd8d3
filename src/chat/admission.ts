import type { SessionUser } from '../auth/users.js';
import type { AiModel } from '../db/schema.js';
import { AppError, ValidationError } from '../errors.js';
import type { Providers } from '../providers/service.js';
import type { FixedWindowRateLimiter } from '../rateLimiter.js';
import type { LabSettings, SettingsStore } from '../settings/settings.js';

/** The checks every chat request passes before a model is called: the prompt limit, then the user's rate. */
export async function admitChat(deps: { settings: SettingsStore; limiter: FixedWindowRateLimiter }, user: SessionUser, prompt: string): Promise<LabSettings> {
  const settings = await deps.settings.get();
  if (prompt.length > settings.max_prompt_chars) {
    throw new AppError('payload_too_large', `The prompt has ${prompt.length} characters; the limit is ${settings.max_prompt_chars} (setting max_prompt_chars)`);
  }
  const hit = deps.limiter.hit(user.user_id);
  if (!hit.allowed) throw new AppError('rate_limited', 'Too many chat requests; slow down a little', { retryAfterSeconds: hit.retryAfterSeconds });
  return settings;
}

/** A model that can answer now; `field` names it in the refusal, which `hiddenAs` replaces when its name must stay secret. */
export async function activeModel(providers: Providers, modelId: string, field: string, hiddenAs?: string): Promise<AiModel> {
  const model = await providers.catalog.model(modelId);
  if (!model) throw new ValidationError(`${field}: no model with this id`);
  const unusable = await providers.catalog.whyUnusable(model);
  if (unusable) throw new ValidationError(hiddenAs ?? `${field}: ${model.model_name} ${unusable} and cannot be used`);
  return model;
}
