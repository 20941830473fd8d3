import { Link } from 'react-router';
import type { LeaderboardFilters } from './useLeaderboardFilters';

/** What to do when nothing is rated yet: vote in the arena, run an evaluation, or both. */
export function EmptyBoard({ filters }: { filters: LeaderboardFilters }) {
  const narrowed = filters.since === null ? '' : 'None in this time window. ';
  if (filters.source === 'judge') {
    return (
      <div className="state" data-testid="leaderboard-empty">
        <h2>No judge verdicts yet</h2>
        <p>
          {narrowed}
          <Link to="/evaluations">Run an evaluation</Link>: an LLM judge compares the models’ answers to your prompts, and its verdicts are rated here.
        </p>
      </div>
    );
  }
  if (filters.source === 'all') {
    return (
      <div className="state" data-testid="leaderboard-empty">
        <h2>No votes or judge verdicts yet</h2>
        <p>
          {narrowed}
          <Link to="/">Start a battle</Link> and vote, or <Link to="/evaluations">run an evaluation</Link> to have an LLM judge compare the models.
        </p>
      </div>
    );
  }
  return (
    <div className="state" data-testid="leaderboard-empty">
      <h2>No votes yet</h2>
      <p>
        {filters.mine ? 'You have not voted with these filters yet.' : 'Nothing matches these filters yet.'} <Link to="/">Start a battle</Link> and vote to rank the models.
      </p>
    </div>
  );
}
