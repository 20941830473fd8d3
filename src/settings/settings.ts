import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, SystemSetting } from '../db/schema.js';
import { ValidationError } from '../errors.js';
import { MAX_PROMPT_CHARS } from '../http/limits.js';
import { isLabelCategory, LABEL_CATEGORIES, type LabelCategory } from '../labeller/categories.js';

const booleanText = z.enum(['true', 'false'], { error: 'must be true or false' });
const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').refine((value) => Number(value) >= min && Number(value) <= max, `must be between ${min} and ${max}`);
const categoryList = (value: string) =>
  value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
const modelIdText = z.union([z.uuid({ error: 'must be a model id (uuid) or empty' }), z.literal('')]);

/**
 * The settings the lab understands, each stored as text and validated by its schema. Unknown
 * keys are kept as plain text for whatever else reads system_settings.
 */
export const KNOWN_SETTINGS = {
  public_sharing: { schema: booleanText, default: 'true', description: 'Threads may be shared by link or published; the leaderboard is readable signed out.' },
  max_prompt_chars: {
    // Bounded by the 1 MiB request body: a larger setting would promise prompts the body limit refuses.
    schema: wholeNumber(1, MAX_PROMPT_CHARS),
    default: '16000',
    description: `Longest prompt accepted, in characters (longer ones get 413); at most ${MAX_PROMPT_CHARS}, what a 1 MiB request always holds.`,
  },
  default_model1: { schema: modelIdText, default: '', description: 'Model preselected on the left in named battles.' },
  default_model2: { schema: modelIdText, default: '', description: 'Model preselected on the right in named battles.' },
  anonymous_battles_enabled: { schema: booleanText, default: 'true', description: 'Users may start anonymous battles.' },
  signup_enabled: { schema: booleanText, default: 'true', description: 'New local accounts may be created by sign-up (the very first account always may).' },
  signup_invite_only: { schema: booleanText, default: 'false', description: 'Sign-up needs an invite code that an admin created.' },
  daily_vote_cap: {
    schema: wholeNumber(0, 1_000_000),
    default: '0',
    description: 'Votes per user per UTC day that count in the ratings (the first ones of the day); later votes are kept but left out. 0: no cap.',
  },
  keep_demo_models: {
    schema: booleanText,
    default: 'false',
    description: 'Keep the offline demo models in anonymous battles and on the leaderboard after real models are active.',
  },
  identity_leak_check: {
    schema: booleanText,
    default: 'true',
    description: 'A vote on an anonymous battle where an answer names a model, a provider or its maker leaves the blind set (it still counts as a named vote).',
  },
  dedup_prompts: {
    schema: booleanText,
    default: 'true',
    description: 'Votes on prompts asked more often than the 99.99th percentile of prompt counts are sampled down to it (FastChat’s deduplication).',
  },
  min_votes_to_rank: {
    schema: wholeNumber(0, 1_000_000),
    default: '20',
    description: 'A model with fewer counted votes is marked preliminary on the leaderboard and never ranked above a model that has them.',
  },
  labeller_model_id: {
    schema: modelIdText,
    default: '',
    description: 'The model that labels prompts with the categories hard_prompt, creative_writing, math and instruction_following (LMArena’s criteria), in the background through the key pool. Empty: no labelling.',
  },
  labeller_rate_per_minute: {
    schema: wholeNumber(1, 600),
    default: '10',
    description: 'Labeller calls per minute, for all server instances together (each comparison takes one call per category).',
  },
  labeller_categories: {
    schema: z
      .string()
      .refine((value) => categoryList(value).length > 0, 'must name at least one category')
      .refine((value) => categoryList(value).every(isLabelCategory), `must be a comma-separated list of: ${LABEL_CATEGORIES.join(', ')}`),
    default: LABEL_CATEGORIES.join(','),
    description: `The categories the labeller gives, comma-separated, from: ${LABEL_CATEGORIES.join(', ')}.`,
  },
  backup_interval_hours: {
    schema: wholeNumber(0, 8760),
    default: '24',
    description: 'Embedded database only: hours between automatic backups into BACKUP_DIR. 0: none.',
  },
  backup_keep: { schema: wholeNumber(1, 1000), default: '7', description: 'How many automatic backups to keep; older ones are deleted.' },
  eval_concurrency_per_provider: {
    schema: z
      .string()
      .regex(
        /^\s*(\d+|[\w.-]+\s*=\s*\d+|\*\s*=\s*\d+)(\s*,\s*([\w.-]+|\*)\s*=\s*\d+)*\s*$/,
        'must be a whole number, or provider=number pairs such as "groq=4,*=8"',
      )
      .refine((value) => (value.match(/\d+/g) ?? []).every((n) => Number(n) >= 1 && Number(n) <= 256), 'each number must be between 1 and 256'),
    default: '8',
    description: 'Evaluation calls each provider may have in flight at once (per server instance): a number for every provider, or "groq=4,*=8".',
  },
  eval_max_running_per_user: {
    schema: wholeNumber(1, 100),
    default: '2',
    description: 'Evaluations one user may have running at once; more wait as queued.',
  },
} as const;

/** Keys that were renamed: a write to the old name goes to the new one (migration 0019 moved the value). */
const RENAMED_SETTINGS: Record<string, KnownSettingKey> = { signup_open: 'signup_enabled' };

export type KnownSettingKey = keyof typeof KNOWN_SETTINGS;

export function isKnownSetting(key: string): key is KnownSettingKey {
  return Object.hasOwn(KNOWN_SETTINGS, key);
}

/** The known settings, typed. */
export interface LabSettings {
  public_sharing: boolean;
  max_prompt_chars: number;
  default_model1: string | undefined;
  default_model2: string | undefined;
  anonymous_battles_enabled: boolean;
  signup_enabled: boolean;
  signup_invite_only: boolean;
  daily_vote_cap: number;
  keep_demo_models: boolean;
  identity_leak_check: boolean;
  dedup_prompts: boolean;
  min_votes_to_rank: number;
  labeller_model_id: string | undefined;
  labeller_rate_per_minute: number;
  labeller_categories: LabelCategory[];
  backup_interval_hours: number;
  backup_keep: number;
  /** "8", or provider=number pairs ("groq=4,*=8"): see providerConcurrency. */
  eval_concurrency_per_provider: string;
  eval_max_running_per_user: number;
}

/** The evaluation concurrency for one provider: "8" → 8 for all; "groq=4,*=8" → groq 4, the rest 8. */
export function providerConcurrency(settings: Pick<LabSettings, 'eval_concurrency_per_provider'>, provider: string): number {
  let fallback = Number(KNOWN_SETTINGS.eval_concurrency_per_provider.default);
  for (const entry of settings.eval_concurrency_per_provider.split(',')) {
    const [name, count] = entry.includes('=') ? entry.split('=') : ['*', entry];
    if (name?.trim() === provider) return Number(count);
    if (name?.trim() === '*') fallback = Number(count);
  }
  return fallback;
}

/** A limit stored before the bound existed (up to 1,000,000) is read as the bound, not as the default. */
function promptLimit(stored: string | null | undefined): number {
  const value = Number(stored ?? Number.NaN);
  if (!Number.isInteger(value) || value < 1) return Number(KNOWN_SETTINGS.max_prompt_chars.default);
  return Math.min(value, MAX_PROMPT_CHARS);
}

function typed(values: Map<string, string | null>): LabSettings {
  const text = (key: KnownSettingKey): string => {
    const value = values.get(key);
    return value !== null && value !== undefined && KNOWN_SETTINGS[key].schema.safeParse(value).success ? value : KNOWN_SETTINGS[key].default;
  };
  return {
    public_sharing: text('public_sharing') === 'true',
    max_prompt_chars: promptLimit(values.get('max_prompt_chars')),
    default_model1: text('default_model1') || undefined,
    default_model2: text('default_model2') || undefined,
    anonymous_battles_enabled: text('anonymous_battles_enabled') === 'true',
    signup_enabled: text('signup_enabled') === 'true',
    signup_invite_only: text('signup_invite_only') === 'true',
    daily_vote_cap: Number(text('daily_vote_cap')),
    keep_demo_models: text('keep_demo_models') === 'true',
    identity_leak_check: text('identity_leak_check') === 'true',
    dedup_prompts: text('dedup_prompts') === 'true',
    min_votes_to_rank: Number(text('min_votes_to_rank')),
    labeller_model_id: text('labeller_model_id') || undefined,
    labeller_rate_per_minute: Number(text('labeller_rate_per_minute')),
    labeller_categories: [...new Set(categoryList(text('labeller_categories')).filter(isLabelCategory))],
    backup_interval_hours: Number(text('backup_interval_hours')),
    backup_keep: Number(text('backup_keep')),
    eval_concurrency_per_provider: text('eval_concurrency_per_provider'),
    eval_max_running_per_user: Number(text('eval_max_running_per_user')),
  };
}

/** Every setting at its default (for code run outside a server, such as the benchmarks). */
export const defaultLabSettings = (): LabSettings => typed(new Map());

/**
 * system_settings with a short cache: a change made on any instance takes effect everywhere
 * within `ttlMs`, and at once on the instance that made it.
 */
export class SettingsStore {
  private cached: { at: number; value: Promise<LabSettings> } | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs: number,
  ) {}

  get(): Promise<LabSettings> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const value = this.load();
      this.cached = { at: now, value };
      value.catch(() => {
        if (this.cached?.value === value) this.cached = undefined;
      });
    }
    return this.cached.value;
  }

  private async load(): Promise<LabSettings> {
    const rows = await this.db.selectFrom('system_settings').select(['key', 'value']).execute();
    return typed(new Map(rows.map((row) => [row.key, row.value])));
  }

  list(): Promise<SystemSetting[]> {
    return this.db.selectFrom('system_settings').selectAll().orderBy('key').execute();
  }

  /** Validates a known key against its schema; stores an unknown key as given. */
  async put(given: string, value: string): Promise<SystemSetting> {
    const key = RENAMED_SETTINGS[given] ?? given;
    if (isKnownSetting(key)) {
      const parsed = KNOWN_SETTINGS[key].schema.safeParse(value);
      if (!parsed.success) throw new ValidationError(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
    }
    const row = await this.db
      .insertInto('system_settings')
      .values({ key, value, updated_at: sql<Date>`now()` })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: sql<Date>`now()` }))
      .returningAll()
      .executeTakeFirstOrThrow();
    this.cached = undefined;
    return row;
  }
}
