import type { LeaderboardRow } from '../api/openapi';
import { formatMs, formatPercent, formatRating } from './format';

function RatingCell({ row }: { row: LeaderboardRow }) {
  if (row.ci_lower === null || row.ci_upper === null) return <>{formatRating(row.rating)}</>;
  const minus = Math.round(row.rating - row.ci_lower);
  const plus = Math.round(row.ci_upper - row.rating);
  return (
    <>
      {formatRating(row.rating)}{' '}
      <span className="ci" title={`95% confidence interval ${formatRating(row.ci_lower)}–${formatRating(row.ci_upper)}`}>
        +{plus}/−{minus}
      </span>
    </>
  );
}

export function LeaderboardTable({ rows }: { rows: LeaderboardRow[] }) {
  return (
    // Scrolls sideways on a phone: focusable, so the keyboard can scroll it too.
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Leaderboard table">
      <table className="table" data-testid="leaderboard-table">
        <caption className="visually-hidden">Models ranked by rating</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              Rating (95% CI)
            </th>
            <th scope="col" className="num">
              Votes
            </th>
            <th scope="col" className="num">
              Win rate
            </th>
            <th scope="col" className="num">
              Avg time
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.model_id} data-testid="leaderboard-row">
              <td>{row.rank}</td>
              <th scope="row" className="model-cell">
                <span className="model-name">{row.model_name}</span>
                {row.provider_name === 'demo' && <span className="badge demo">demo</span>}
                <span className="provider">{row.provider_name}</span>
                {!row.comparable && (
                  <span className="badge warn" title="No battles link this model to the others, so its rating cannot be compared">
                    not comparable
                  </span>
                )}
              </th>
              <td className="num">
                <RatingCell row={row} />
              </td>
              <td className="num" data-testid="votes">
                {row.votes}
              </td>
              <td className="num">{formatPercent(row.win_rate)}</td>
              <td className="num">{formatMs(row.avg_time_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
