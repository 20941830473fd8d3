import type { Kysely } from 'kysely';
import type { AiModel, Database, Provider } from '../db/schema.js';
import { lacksURL, modelBaseURL, NO_URL_HELP } from './providerKinds.js';

export interface CatalogSnapshot {
  models: AiModel[];
  providers: Map<string, Provider>;
}

/**
 * Models and providers, read from the database at most once per `ttlMs` (and at once after an
 * admin change on this instance), so the chat hot path does not query them per request.
 */
export class Catalog {
  private cached: { at: number; snapshot: Promise<CatalogSnapshot> } | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs: number,
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  snapshot(): Promise<CatalogSnapshot> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const snapshot = this.load();
      this.cached = { at: now, snapshot };
      snapshot.catch(() => {
        if (this.cached?.snapshot === snapshot) this.cached = undefined;
      });
    }
    return this.cached.snapshot;
  }

  private async load(): Promise<CatalogSnapshot> {
    const [models, providers] = await Promise.all([
      this.db.selectFrom('ai_models').selectAll().orderBy('created_at').orderBy('model_id').execute(),
      this.db.selectFrom('providers').selectAll().execute(),
    ]);
    return { models, providers: new Map(providers.map((provider) => [provider.provider_name, provider])) };
  }

  async model(modelId: string): Promise<AiModel | undefined> {
    return (await this.snapshot()).models.find((model) => model.model_id === modelId);
  }

  /**
   * Why users may not pick this model, or undefined when they may: it must be active, on an
   * enabled provider (a provider with no row counts as enabled), and callable (a generic
   * provider's model needs a URL: its own api_url or the provider's base_url).
   */
  private unusableReason(model: AiModel, providers: CatalogSnapshot['providers']): string | undefined {
    const provider = providers.get(model.provider_name ?? '');
    if (model.status !== 'active') return `is ${model.status ?? 'not active'}`;
    if (provider?.is_enabled === false) return 'is on a disabled provider';
    if (lacksURL(model, provider)) return `has no API URL (${NO_URL_HELP})`;
    return undefined;
  }

  async whyUnusable(model: AiModel): Promise<string | undefined> {
    return this.unusableReason(model, (await this.snapshot()).providers);
  }

  /** Models users may pick (see unusableReason). */
  async activeModels(): Promise<AiModel[]> {
    const { models, providers } = await this.snapshot();
    return models.filter((model) => this.unusableReason(model, providers) === undefined);
  }

  /**
   * Where a model can be served: its own row first, then every other active row with the same
   * model_name on an enabled provider, by provider priority (higher first); each with the URL it
   * is called at (its api_url, else its provider's base_url) in `api_url`.
   */
  async servingTargets(model: AiModel): Promise<AiModel[]> {
    const { providers } = await this.snapshot();
    const priority = (row: AiModel) => providers.get(row.provider_name ?? '')?.priority ?? 0;
    const others = (await this.activeModels())
      .filter((row) => row.model_name === model.model_name && row.model_id !== model.model_id)
      .sort((a, b) => priority(b) - priority(a));
    const own = providers.get(model.provider_name ?? '');
    const ownServes = own?.is_enabled !== false && !lacksURL(model, own);
    return (ownServes ? [model, ...others] : others).map((row) => ({ ...row, api_url: modelBaseURL(row, providers.get(row.provider_name ?? '')) ?? null }));
  }
}
