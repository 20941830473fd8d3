import { z } from '@hono/zod-openapi';
import { languageCode } from '../analysis/languageCode.js';

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The filters every leaderboard view takes. */
export const viewQuery = z.object({
  method: z.enum(['bt', 'elo']).default('bt'),
  blind: booleanQuery.default(false).openapi({ description: 'Only blind votes: anonymous battles whose voter had not seen the pair named, without identity leaks' }),
  since: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z' }).optional(),
  mine: booleanQuery.default(false),
});

export const leaderboardQuery = viewQuery.extend({
  category: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a category name such as coding (lower-case letters, digits, _)')
    .optional()
    .openapi({ description: 'A rule category (coding, long_query, multi_turn) or a labeller’s category; see /api/leaderboard/categories' }),
  language: z
    .string()
    .transform((value) => value.toLowerCase())
    .refine((value) => /^[a-z]{2}$/.test(value) && languageCode(value) !== null, 'must be an ISO 639-1 language code such as de')
    .optional()
    .openapi({ description: 'The prompt’s language, ISO 639-1' }),
  style_control: booleanQuery
    .default(false)
    .openapi({ description: 'Style-controlled Bradley–Terry (FastChat’s): ratings with the effect of answer length, headers, lists and bold taken out; adds style_coefficients' }),
  source: z
    .enum(['human', 'judge', 'all'])
    .default('human')
    .openapi({ description: 'Whose preferences count: people’s votes (default), the evaluation judges’ verdicts (one per judgment, each order of a pair counted), or both; judge and all take method=bt and since only' }),
  sort: z.enum(['rating', 'rating_per_dollar']).default('rating').openapi({ description: 'Row order: by rank, or by rating per dollar of an answer (models without a price last)' }),
});

const count = z.number().int();

export const excludedSchema = z.object({ failed: count, identity_leak: count, duplicate: count, daily_cap: count, demo: count }).openapi('LeaderboardExclusions', {
  description:
    'Votes matching the filters that are left out of the ratings, by reason (their rows stay): failed (a side failed, was cut off or came back empty), identity_leak (an answer named a model or its maker: out of the blind set), duplicate (a prompt asked far more often than others, sampled down), daily_cap (beyond the per-user daily cap), demo (votes on the offline demo models once real models are active)',
});

export const rowSchema = z
  .object({
    rank: z.number().int(),
    model_id: z.string(),
    model_name: z.string(),
    provider_name: z.string().nullable(),
    rating: z.number(),
    ci_lower: z.number().nullable(),
    ci_upper: z.number().nullable(),
    votes: z.number().int(),
    wins: z.number().int(),
    losses: z.number().int(),
    ties: z.number().int(),
    win_rate: z.number().nullable(),
    avg_time_ms: z.number().nullable(),
    comparable: z.boolean(),
    preliminary: z.boolean().openapi({ description: 'Fewer counted votes than min_votes_to_rank: ranked after every established model' }),
    median_ttft_ms: z.number().nullable().openapi({ description: 'Median time to the first text of an answer' }),
    output_tokens_per_second: z.number().nullable().openapi({ description: 'Median output tokens per second while an answer streamed' }),
    mean_cost_per_answer: z.number().nullable().openapi({ description: 'Mean price of one answer at the model’s price (admin-set); null without a price' }),
    rating_per_dollar: z.number().nullable().openapi({ description: 'rating / mean_cost_per_answer' }),
  })
  .openapi('LeaderboardRow');

const intervalSchema = z.object({ value: z.number(), ci_lower: z.number(), ci_upper: z.number() }).openapi('Interval');

export const styleCoefficientsSchema = z
  .object({ length: intervalSchema, header: intervalSchema, list: intervalSchema, bold: intervalSchema })
  .openapi('StyleCoefficients', {
    description:
      'With style_control: how much each style feature of an answer moves the log-odds of winning, per standard deviation of (a−b)/(a+b+1) over the battles in the fit (length = output tokens without code, header, list = list items, bold), with its 95% interval. Positive: voters favour more of it.',
  });

export const leaderboardSchema = z
  .object({
    method: z.enum(['bt', 'elo']),
    votes: z.number().int().openapi({ description: 'Votes counted, after every filter and exclusion' }),
    since: z.string().nullable().openapi({ description: 'The time window applied: the requested `since` rounded down (to the hour within the last two days, to the UTC day before)' }),
    category: z.string().nullable(),
    language: z.string().nullable(),
    min_votes_to_rank: z.number().int(),
    style_control: z.boolean(),
    source: z.enum(['human', 'judge', 'all']).openapi({ description: 'Whose preferences were counted: people’s votes, evaluation judges’ verdicts, or both' }),
    style_coefficients: styleCoefficientsSchema.nullable(),
    excluded: excludedSchema,
    computed_at: z.string(),
    models: z.array(rowSchema),
  })
  .openapi('Leaderboard');

export const matrixSchema = z
  .object({
    models: z.array(z.object({ model_id: z.string(), model_name: z.string() })),
    win_rate: z.array(z.array(z.number().nullable())),
    battles: z.array(z.array(z.number().int())),
  })
  .openapi('WinRateMatrix');

export const overviewSchema = z
  .object({
    categories: z.array(
      z.object({
        key: z.string().openapi({ description: 'overall, a rule category, a labelled category, or language:<ISO 639-1>' }),
        kind: z.enum(['overall', 'rule', 'label', 'language']),
        votes: z.number().int(),
      }),
    ),
    models: z.array(
      z.object({
        model_id: z.string(),
        model_name: z.string(),
        provider_name: z.string().nullable(),
        ranks: z
          .record(z.string(), z.object({ rank: z.number().int(), rating: z.number(), votes: z.number().int(), preliminary: z.boolean() }))
          .openapi({ description: 'By category key; missing where the model has no votes in the category' }),
      }),
    ),
  })
  .openapi('CategoryOverview');
