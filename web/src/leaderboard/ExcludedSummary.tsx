import type { LeaderboardExclusions } from '../api/openapi';

const REASONS: Array<[keyof LeaderboardExclusions, string, string]> = [
  ['failed', 'failed battle', 'failed battles'],
  ['identity_leak', 'answer naming its model', 'answers naming their model'],
  ['duplicate', 'repeated prompt', 'repeated prompts'],
  ['daily_cap', 'vote over the daily cap', 'votes over the daily cap'],
  ['demo', 'vote on demo models', 'votes on demo models'],
];

/** Says which votes the view left out and why, or nothing when none were. */
export function ExcludedSummary({ excluded, blind }: { excluded: LeaderboardExclusions; blind: boolean }) {
  const parts = REASONS.filter(([key]) => excluded[key] > 0).map(([key, one, many]) => `${excluded[key]} ${excluded[key] === 1 ? one : many}`);
  if (parts.length === 0) return null;
  return (
    <p className="excluded-summary" data-testid="excluded-summary">
      Left out: {parts.join(', ')}.{' '}
      <span className="muted">
        Their votes are kept but do not count here{excluded.identity_leak > 0 && blind ? '; an answer that names its model still counts as a named vote outside the blind view' : ''}.
      </span>
    </p>
  );
}
