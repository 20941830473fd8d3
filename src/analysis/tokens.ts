import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

/** Special-token text (`<|endoftext|>`) in an answer is counted as the text it is, never refused. */
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Tokens of a text in OpenAI's o200k_base encoding (GPT-4o), the one LMArena's Arena-Hard counts
 * answers with: a fixed yardstick for every model, whatever tokenizer the model itself uses.
 */
export function countTokens(text: string): number {
  return text === '' ? 0 : countO200k(text, AS_PLAIN_TEXT);
}
