export const formatRating = (value: number) => Math.round(value).toString();

export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

export function formatMs(value: number | null): string {
  if (value === null) return '—';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

export function formatRate(value: number | null): string {
  return value === null ? '—' : value.toFixed(value < 10 ? 1 : 0);
}

/** A price of one answer: small amounts keep three significant digits ($0.000412). */
export function formatCost(value: number | null): string {
  if (value === null) return '—';
  return value >= 0.01 ? `$${value.toFixed(3)}` : `$${value.toPrecision(3)}`;
}

const CATEGORY_LABELS: Record<string, string> = {
  overall: 'Overall',
  coding: 'Coding',
  long_query: 'Longer query',
  multi_turn: 'Multi-turn',
  hard_prompt: 'Hard prompts',
  creative_writing: 'Creative writing',
  math: 'Math',
  instruction_following: 'Instruction following',
};

/** A category key as people read it: known names spelled out, others with spaces for underscores. */
export function categoryLabel(key: string): string {
  if (key.startsWith('language:')) return languageLabel(key.slice('language:'.length));
  return CATEGORY_LABELS[key] ?? key.replaceAll('_', ' ');
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** An ISO 639-1 code by its English name ("de" → "German"). */
export function languageLabel(code: string): string {
  return languageNames.of(code) ?? code;
}
