import { z } from '@hono/zod-openapi';
import type { AiModel, Provider } from '../db/schema.js';
import { isoOrNull, timestampSchema } from '../http/json.js';
import { storableString } from '../http/storableText.js';

export const MODEL_STATUSES = ['active', 'inactive', 'deprecated'] as const;

const providerName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be 1–63 lower-case letters, digits, dots, dashes or underscores');

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2000)
  .openapi({ example: 'http://localhost:11434/v1' });

export const providerSchema = z
  .object({
    provider_name: z.string(),
    display_name: z.string().nullable(),
    is_enabled: z.boolean(),
    priority: z.number().int(),
    base_url: z.string().nullable().openapi({ description: 'A generic provider’s OpenAI-compatible base URL: its models use it when their api_url is empty, and its API keys are sent only to this host (or to its models’ api_url)' }),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi('Provider');

export function toProviderJson(row: Provider): z.infer<typeof providerSchema> {
  return { ...row, created_at: isoOrNull(row.created_at), updated_at: isoOrNull(row.updated_at) };
}

const priority = z.number().int().min(-1000).max(1000);

export const createProviderSchema = z
  .object({
    provider_name: providerName,
    display_name: storableString().trim().min(1).max(100).optional(),
    is_enabled: z.boolean().optional(),
    priority: priority.optional(),
    base_url: httpUrl.nullable().optional(),
  })
  .openapi('NewProvider');

export const updateProviderSchema = z
  .object({
    display_name: storableString().trim().min(1).max(100).nullable().optional(),
    is_enabled: z.boolean().optional(),
    priority: priority.optional(),
    base_url: httpUrl.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of display_name, is_enabled, priority, base_url')
  .openapi('ProviderPatch');

export const modelSchema = z
  .object({
    model_id: z.uuid(),
    model_name: z.string(),
    provider_name: z.string().nullable(),
    api_url: z.string().nullable(),
    description: z.string().nullable(),
    status: z.string().nullable(),
    created_by: z.string().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi('Model');

export function toModelJson(row: AiModel): z.infer<typeof modelSchema> {
  return { ...row, created_at: isoOrNull(row.created_at), updated_at: isoOrNull(row.updated_at) };
}

const modelFields = {
  model_name: storableString().trim().min(1).max(200),
  provider_name: providerName,
  api_url: httpUrl.nullable().optional(),
  description: storableString().trim().max(500).nullable().optional(),
  status: z.enum(MODEL_STATUSES).openapi('ModelStatus').optional(),
};

export const createModelSchema = z.object(modelFields).openapi('NewModel');

export const updateModelSchema = z
  .object(modelFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one field to change')
  .openapi('ModelPatch');

/** What users see of a model: no URLs, no authorship. */
export const publicModelSchema = z
  .object({
    model_id: z.uuid(),
    model_name: z.string(),
    provider_name: z.string().nullable(),
    description: z.string().nullable(),
    status: z.string().nullable(),
    is_demo: z.boolean().openapi({ description: 'Offline demo model with canned answers' }),
  })
  .openapi('PublicModel');

export const keySchema = z
  .object({
    key_id: z.uuid(),
    provider_name: z.string(),
    display_mask: z.string().nullable(),
    is_active: z.boolean(),
    failure_count: z.number().int(),
    total_calls: z.number().int(),
    last_used_at: timestampSchema,
    last_error_type: z.string().nullable(),
    last_error_category: z.string().nullable(),
    last_error_at: timestampSchema.openapi({ description: 'When the last error happened (null: never, or before this was recorded)' }),
    cooldown_until: timestampSchema,
    created_at: timestampSchema,
  })
  .openapi('ApiKey');

export function toKeyJson(row: {
  key_id: string;
  provider_name: string;
  display_mask: string | null;
  is_active: boolean;
  failure_count: number;
  total_calls: number;
  last_used_at: Date | null;
  last_error_type: string | null;
  last_error_category: string | null;
  last_error_at: Date | null;
  cooldown_until: Date | null;
  created_at: Date | null;
}): z.infer<typeof keySchema> {
  return {
    key_id: row.key_id,
    provider_name: row.provider_name,
    display_mask: row.display_mask,
    is_active: row.is_active,
    failure_count: row.failure_count,
    total_calls: row.total_calls,
    last_used_at: isoOrNull(row.last_used_at),
    last_error_type: row.last_error_type,
    last_error_category: row.last_error_category,
    last_error_at: isoOrNull(row.last_error_at),
    cooldown_until: isoOrNull(row.cooldown_until),
    created_at: isoOrNull(row.created_at),
  };
}

export const addKeySchema = z
  .object({ api_key: z.string().trim().min(8, 'must be at least 8 characters').max(1000) })
  .openapi('NewApiKey');

export const updateKeySchema = z
  .object({ is_active: z.boolean().optional(), clear_cooldown: z.literal(true).optional() })
  .refine((patch) => patch.is_active !== undefined || patch.clear_cooldown !== undefined, 'give is_active or clear_cooldown')
  .openapi('ApiKeyPatch');
