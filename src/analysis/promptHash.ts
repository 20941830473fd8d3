import { createHash } from 'node:crypto';

/** FastChat's deduplication compares the first 10,000 characters of the user's turns. */
const COMPARED_CHARS = 10_000;

/**
 * The key under which prompts count as duplicates: Unicode-normalised (NFKC), case-folded, runs
 * of white space as one space, trimmed, cut at 10,000 characters, then SHA-256 (hex). "Hi!" and
 * " hi! " are one prompt; "hi" and "hi!" are two.
 */
export function promptHash(prompt: string): string {
  const normalised = prompt.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim().slice(0, COMPARED_CHARS);
  return createHash('sha256').update(normalised).digest('hex');
}
