import type { ConvMetadataJson } from '../db/schema.js';
import { isCoding } from './coding.js';
import { buildConvMetadata } from './convMetadata.js';
import type { IdentityMatcher } from './identity.js';
import { detectLanguage } from './language.js';
import { markdownCounts, removeCodeBlocks, sumCounts, type MarkdownCounts } from './markdown.js';
import { promptHash } from './promptHash.js';
import { LONG_QUERY_TOKENS } from './rules.js';
import { countTokens } from './tokens.js';

export interface AnswerFeatures {
  /** Tokens of the answer with its fenced code removed: style control's length. */
  tokens: number;
  /** Tokens of the whole answer, code included: its size, when the upstream did not say. */
  total_tokens: number;
  headers: number;
  lists: number;
  bold: number;
  markdown: MarkdownCounts;
}

/** The style features of one answer (the arena's, or an evaluation's judged answer). */
export function answerFeatures(text: string): AnswerFeatures {
  const prose = removeCodeBlocks(text);
  const markdown = markdownCounts(prose);
  const tokens = countTokens(prose);
  return {
    tokens,
    total_tokens: prose === text ? tokens : countTokens(text),
    headers: sumCounts(markdown.header_count),
    lists: sumCounts(markdown.list_count),
    bold: sumCounts(markdown.bold_count),
    markdown,
  };
}

export interface ComparisonText {
  prompt: string;
  answers: readonly [string, string];
  /** False when the thread had turns before this one. */
  firstTurn: boolean;
}

export interface ComparisonFacts {
  model1: AnswerFeatures;
  model2: AnswerFeatures;
  prompt_tokens: number;
  prompt_hash: string;
  is_coding: boolean;
  is_long_query: boolean;
  is_multi_turn: boolean;
  language: string | null;
  /** The name an answer gave away, when one did. */
  identity_leak: string | null;
  conv_metadata: ConvMetadataJson;
}

/** Everything the leaderboard needs to know about one comparison's texts. */
export function comparisonFacts(input: ComparisonText, identity: IdentityMatcher): ComparisonFacts {
  const [answer1, answer2] = input.answers;
  const model1 = answerFeatures(answer1);
  const model2 = answerFeatures(answer2);
  const promptTokens = countTokens(input.prompt);
  return {
    model1,
    model2,
    prompt_tokens: promptTokens,
    prompt_hash: promptHash(input.prompt),
    is_coding: isCoding(input.prompt, input.answers),
    is_long_query: promptTokens >= LONG_QUERY_TOKENS,
    is_multi_turn: !input.firstTurn,
    language: detectLanguage(input.prompt),
    identity_leak: identity.leak(input.answers, input.prompt) ?? null,
    conv_metadata: buildConvMetadata(promptTokens, model1, model2),
  };
}
