import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, SystemSetting } from '../db/schema.js';
import { ValidationError } from '../errors.js';

const booleanText = z.enum(['true', 'false'], { error: 'must be true or false' });
const modelIdText = z.union([z.uuid({ error: 'must be a model id (uuid) or empty' }), z.literal('')]);

/**
 * The settings the lab understands, each stored as text and validated by its schema. Unknown
 * keys are kept as plain text for whatever else reads system_settings.
 */
export const KNOWN_SETTINGS = {
  public_sharing: { schema: booleanText, default: 'true', description: 'Threads may be shared by link or published; the leaderboard is readable signed out.' },
  max_prompt_chars: {
    schema: z.string().regex(/^\d+$/, 'must be a whole number').refine((value) => Number(value) >= 1 && Number(value) <= 1_000_000, 'must be between 1 and 1000000'),
    default: '16000',
    description: 'Longest prompt accepted, in characters (longer ones get 413).',
  },
  default_model1: { schema: modelIdText, default: '', description: 'Model preselected on the left in named battles.' },
  default_model2: { schema: modelIdText, default: '', description: 'Model preselected on the right in named battles.' },
  anonymous_battles_enabled: { schema: booleanText, default: 'true', description: 'Users may start anonymous battles.' },
  signup_open: { schema: booleanText, default: 'true', description: 'New local accounts may be created.' },
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
    schema: z.string().regex(/^\d+$/, 'must be a whole number').refine((value) => Number(value) >= 1 && Number(value) <= 100, 'must be between 1 and 100'),
    default: '2',
    description: 'Evaluations one user may have running at once; more wait as queued.',
  },
} as const;

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
  signup_open: boolean;
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

function typed(values: Map<string, string | null>): LabSettings {
  const text = (key: KnownSettingKey): string => {
    const value = values.get(key);
    return value !== null && value !== undefined && KNOWN_SETTINGS[key].schema.safeParse(value).success ? value : KNOWN_SETTINGS[key].default;
  };
  return {
    public_sharing: text('public_sharing') === 'true',
    max_prompt_chars: Number(text('max_prompt_chars')),
    default_model1: text('default_model1') || undefined,
    default_model2: text('default_model2') || undefined,
    anonymous_battles_enabled: text('anonymous_battles_enabled') === 'true',
    signup_open: text('signup_open') === 'true',
    eval_concurrency_per_provider: text('eval_concurrency_per_provider'),
    eval_max_running_per_user: Number(text('eval_max_running_per_user')),
  };
}

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
  async put(key: string, value: string): Promise<SystemSetting> {
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
