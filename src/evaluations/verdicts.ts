import type { JudgeVerdict } from '../db/schema.js';

export const VERDICTS: readonly JudgeVerdict[] = ['A>>B', 'A>B', 'A=B', 'B>A', 'B>>A'];

/** Labels a judge may write, mapped to the canonical five (Arena-Hard accepts the mirrored spellings too). */
const LABELS: Record<string, JudgeVerdict> = {
  'A>>B': 'A>>B',
  'B<<A': 'A>>B',
  'A>B': 'A>B',
  'B<A': 'A>B',
  'A=B': 'A=B',
  'B=A': 'A=B',
  'B>A': 'B>A',
  'A<B': 'B>A',
  'B>>A': 'B>>A',
  'A<<B': 'B>>A',
};

/** `[[A>B]]` first; a judge that wrote single brackets only is read from `[A>B]`. */
const PATTERNS = [/\[\[([AB<>=]+)\]\]/g, /\[([AB<>=]+)\]/g];

/**
 * The verdict a judge's text ends on, as Arena-Hard reads it: the last label of the first pattern
 * that matches at all (judges restate the scale before deciding, so the last one counts).
 * undefined when there is none, or the last one is not one of the five labels.
 */
export function parseVerdict(text: string): JudgeVerdict | undefined {
  const upper = text.toUpperCase();
  for (const pattern of PATTERNS) {
    const matches = [...upper.matchAll(pattern)].map((match) => match[1] as string);
    if (matches.length > 0) return LABELS[matches.at(-1) as string];
  }
  return undefined;
}

/** Which position the verdict favours, and how strongly: +2, +1 (A), 0 (tie), −1, −2 (B). */
export function verdictStrength(verdict: JudgeVerdict): -2 | -1 | 0 | 1 | 2 {
  switch (verdict) {
    case 'A>>B':
      return 2;
    case 'A>B':
      return 1;
    case 'A=B':
      return 0;
    case 'B>A':
      return -1;
    case 'B>>A':
      return -2;
  }
}
