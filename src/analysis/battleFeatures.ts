import { z } from 'zod';
import type { ComparisonFeatures } from '../db/schema.js';
import type { Analyser } from './analyser.js';
import { convMetadataSchema, styleFromConvMetadata, type ConvMetadata } from './convMetadata.js';
import type { ComparisonFacts, ComparisonText } from './features.js';
import type { RegistryNames } from './identity.js';
import { languageCode } from './languageCode.js';
import { styleColumns, type FeaturesRow } from './rows.js';
import { FEATURES_VERSION, LONG_QUERY_TOKENS } from './rules.js';

const count = z.number().int().nonnegative().max(2_147_483_647);
/** One side's tokens and time to first token, as our export writes them. */
const sideUsage = z.object({ input_tokens: count.nullable().optional(), output_tokens: count.nullable().optional(), ttft_ms: count.nullable().optional() });

const conversation = z
  .array(z.object({ role: z.enum(['user', 'assistant', 'system']), content: z.string().max(1_000_000) }))
  .min(1)
  .max(1_000);

/**
 * What a battle line may say about its comparison, beside FastChat's `model_a`, `model_b`,
 * `winner`: its `conv_metadata` and `conversation_a`/`conversation_b` (LMArena's dumps),
 * `language`, `is_code` and `turn` (FastChat's names), and what our export adds:
 * `is_multi_turn`, `identity_leak`, `prompt_hash`, and `usage_a`/`usage_b` (tokens in and out,
 * time to first token), so a file moved to another lab keeps cost and speed.
 */
export const battleAnalysisFields = {
  conv_metadata: convMetadataSchema.optional(),
  conversation_a: conversation.optional(),
  conversation_b: conversation.optional(),
  language: z.string().max(100).nullable().optional(),
  is_code: z.boolean().optional(),
  turn: z.number().int().positive().max(10_000).optional(),
  is_multi_turn: z.boolean().optional(),
  identity_leak: z.boolean().optional(),
  prompt_hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (SHA-256)').optional(),
  usage_a: sideUsage.optional(),
  usage_b: sideUsage.optional(),
};
const battleAnalysis = z.object(battleAnalysisFields);
export type BattleAnalysis = z.infer<typeof battleAnalysis>;

const textsOf = (turns: z.infer<typeof conversation>, role: 'user' | 'assistant') =>
  turns
    .filter((turn) => turn.role === role)
    .map((turn) => turn.content)
    .join('\n');

/**
 * The texts to analyse from a battle's conversations, joined as FastChat joins them: the user's
 * turns for the prompt (deduplication.py), each side's assistant turns for its answer
 * (add_markdown_info.py). Undefined when the battle carries no conversations.
 */
export function battleTexts(battle: BattleAnalysis): ComparisonText | undefined {
  if (!battle.conversation_a || !battle.conversation_b) return undefined;
  const userTurns = battle.conversation_a.filter((turn) => turn.role === 'user').length;
  return {
    prompt: textsOf(battle.conversation_a, 'user'),
    answers: [textsOf(battle.conversation_a, 'assistant'), textsOf(battle.conversation_b, 'assistant')],
    firstTurn: userTurns <= 1,
  };
}

function turnsOf(battle: BattleAnalysis, meta: ConvMetadata | undefined): number | undefined {
  return battle.turn ?? meta?.turns ?? battle.conversation_a?.filter((turn) => turn.role === 'user').length;
}

/**
 * The comparison_features row of an imported battle: style counts from its `conv_metadata` when
 * it has one, else from its conversations (`facts`); categories from its own fields when present,
 * else from its conversations; undefined when it carries neither conv_metadata nor conversations.
 * Token usage is the file's (usage_source `import`): its usage_a/usage_b, else conv_metadata's
 * totals, else the conversations' token counts. A battle without a prompt to hash gets a stand-in
 * hash of its own id, so it never counts as a duplicate of anything.
 */
export function importedFeaturesRow(comparisonId: string, battle: BattleAnalysis, facts: ComparisonFacts | undefined): FeaturesRow | undefined {
  const meta = battle.conv_metadata;
  const turns = turnsOf(battle, meta);
  const style = meta ? styleFromConvMetadata(meta) : facts && { model1: facts.model1, model2: facts.model2 };
  const convMetadata = meta ?? (facts && { ...facts.conv_metadata, ...(turns !== undefined && { turns }) });
  if (!style || !convMetadata) return undefined;
  const promptTokens = meta?.sum_user_tokens ?? facts?.prompt_tokens ?? 0;
  const language = (battle.language ? languageCode(battle.language) : null) ?? facts?.language ?? null;
  return {
    comparison_id: comparisonId,
    features_version: FEATURES_VERSION,
    ...styleColumns(style.model1, style.model2),
    conv_metadata: JSON.stringify(convMetadata),
    prompt_tokens: promptTokens,
    prompt_hash: battle.prompt_hash ?? facts?.prompt_hash ?? `import:${comparisonId}`,
    is_coding: battle.is_code ?? facts?.is_coding ?? false,
    is_long_query: promptTokens >= LONG_QUERY_TOKENS,
    is_multi_turn: battle.is_multi_turn ?? (turns !== undefined ? turns > 1 : false),
    language,
    identity_leak: battle.identity_leak ?? (facts ? facts.identity_leak !== null : false),
    model1_input_tokens: battle.usage_a?.input_tokens ?? meta?.context_a_tokens ?? promptTokens,
    model1_output_tokens: battle.usage_a?.output_tokens ?? facts?.model1.total_tokens ?? meta?.sum_assistant_a_tokens ?? null,
    model1_ttft_ms: battle.usage_a?.ttft_ms ?? null,
    model2_input_tokens: battle.usage_b?.input_tokens ?? meta?.context_b_tokens ?? promptTokens,
    model2_output_tokens: battle.usage_b?.output_tokens ?? facts?.model2.total_tokens ?? meta?.sum_assistant_b_tokens ?? null,
    model2_ttft_ms: battle.usage_b?.ttft_ms ?? null,
    usage_source: 'import',
  };
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

export const EXPORTED_FEATURE_COLUMNS = [
  'conv_metadata',
  'language',
  'is_coding',
  'is_multi_turn',
  'identity_leak',
  'prompt_hash',
  'model1_input_tokens',
  'model1_output_tokens',
  'model1_ttft_ms',
  'model2_input_tokens',
  'model2_output_tokens',
  'model2_ttft_ms',
] as const;

/** What an exported battle line says about its comparison (none of it when it has no row). */
export function exportedFeatureFields(row: Nullable<Pick<ComparisonFeatures, (typeof EXPORTED_FEATURE_COLUMNS)[number]>>) {
  if (row.conv_metadata === null || row.prompt_hash === null) return {};
  return {
    conv_metadata: row.conv_metadata,
    language: row.language,
    is_code: row.is_coding,
    is_multi_turn: row.is_multi_turn,
    identity_leak: row.identity_leak,
    // A stand-in hash (a battle imported without its prompt) is not exported: it names nothing.
    ...(/^[0-9a-f]{64}$/.test(row.prompt_hash) && { prompt_hash: row.prompt_hash }),
    usage_a: { input_tokens: row.model1_input_tokens, output_tokens: row.model1_output_tokens, ttft_ms: row.model1_ttft_ms },
    usage_b: { input_tokens: row.model2_input_tokens, output_tokens: row.model2_output_tokens, ttft_ms: row.model2_ttft_ms },
  };
}

/**
 * The facts of each battle's conversations (undefined for a battle without them), computed on
 * the analyser's worker. The battles' own model names count as names an answer could leak.
 */
export async function analyseBattles(analyser: Analyser, battles: ReadonlyArray<BattleAnalysis & { model_a: string; model_b: string }>, registry: RegistryNames) {
  const texts = battles.map(battleTexts);
  const items = texts.filter((text): text is ComparisonText => text !== undefined);
  if (items.length === 0) return texts.map(() => undefined);
  const modelNames = [...new Set([...registry.modelNames, ...battles.flatMap((battle) => [battle.model_a, battle.model_b])])];
  const results = await analyser.comparisons(items, { ...registry, modelNames });
  let next = 0;
  return texts.map((text) => (text ? results[next++] : undefined));
}
