/**
 * Markdown style counts of an answer, as FastChat's `add_markdown_info.py` counts them
 * (LMArena's style control), on the answer with its code blocks removed first.
 */

export const HEADER_LEVELS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;
export type HeaderLevel = (typeof HEADER_LEVELS)[number];

export interface MarkdownCounts {
  header_count: Record<HeaderLevel, number>;
  list_count: { ordered: number; unordered: number };
  bold_count: { '**': number; '__': number };
}

/** A line that opens or closes a fenced block: up to three spaces, then 3+ backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** FastChat's own pattern, for what is left: fences that do not sit at the start of a line. */
const INLINE_FENCED = /```[^`]*```/g;

/**
 * The text without its fenced code blocks. Line fences follow CommonMark (a block closes at a
 * fence of the same character at least as long; an unclosed block runs to the end), so code that
 * itself contains backticks is removed whole, where FastChat's ```[^`]*``` would stop at the first
 * backtick; fences inside a line are then removed by FastChat's pattern.
 */
export function removeCodeBlocks(text: string): string {
  if (!text.includes('```') && !text.includes('~~~')) return text;
  const kept: string[] = [];
  let open: { char: string; length: number } | undefined;
  for (const line of text.split('\n')) {
    const fence = FENCE.exec(line);
    if (open) {
      const [, marker = '', rest = ''] = fence ?? [];
      if (fence && marker[0] === open.char && marker.length >= open.length && rest.trim() === '') open = undefined;
      continue;
    }
    const [, marker = '', info = ''] = fence ?? [];
    // A backtick fence's info string may not contain a backtick (CommonMark): ```a``` is inline.
    if (fence && !(marker[0] === '`' && info.includes('`'))) {
      open = { char: marker[0] ?? '`', length: marker.length };
      continue;
    }
    kept.push(line);
  }
  return kept.join('\n').replace(INLINE_FENCED, '');
}

function count(text: string, pattern: RegExp): number {
  let found = 0;
  for (const _match of text.matchAll(pattern)) found += 1;
  return found;
}

// FastChat's regular expressions. Python's \d and \s are Unicode-aware on str, hence \p{Nd} and the u flag.
const HEADER_PATTERNS = HEADER_LEVELS.map((_level, index) => new RegExp(`^#{${index + 1}}\\s`, 'gmu'));
const ORDERED_ITEM = /^\s*\p{Nd}+\.\s/gmu;
const UNORDERED_ITEM = /^\s*[-*+]\s/gmu;
const BOLD_STARS = /\*\*[^*\n]+\*\*/gu;
const BOLD_UNDERSCORES = /__[^_\n]+__/gu;

/** Headers by level, list items and bold spans of a text whose code blocks are already removed. */
export function markdownCounts(text: string): MarkdownCounts {
  const header_count = Object.fromEntries(HEADER_LEVELS.map((level, index) => [level, count(text, HEADER_PATTERNS[index] as RegExp)])) as Record<HeaderLevel, number>;
  return {
    header_count,
    list_count: { ordered: count(text, ORDERED_ITEM), unordered: count(text, UNORDERED_ITEM) },
    bold_count: { '**': count(text, BOLD_STARS), __: count(text, BOLD_UNDERSCORES) },
  };
}

export function sumCounts(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}
