import type { LeaderboardRow } from '../api/openapi';
import { formatCost, formatMs, formatPercent, formatRate, formatRating } from './format';
import type { RatingMethod, RowOrder } from './useLeaderboardFilters';

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

interface Props {
  rows: LeaderboardRow[];
  method: RatingMethod;
  minVotes: number;
  sort: RowOrder;
  onSort(order: RowOrder): void;
}

export function LeaderboardTable({ rows, method, minVotes, sort, onSort }: Props) {
  const byValue = sort === 'rating_per_dollar';
  return (
    // Scrolls sideways on a phone: focusable, so the keyboard can scroll it too.
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Leaderboard table">
      <table className="table" data-testid="leaderboard-table">
        <caption className="visually-hidden">{byValue ? 'Models by rating per dollar' : 'Models ranked by rating'}</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={byValue ? 'none' : 'ascending'}>
              <button type="button" className="sort" onClick={() => onSort('rating')} aria-pressed={!byValue}>
                Rank
              </button>
            </th>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              {method === 'bt' ? 'Rating (95% CI)' : 'Elo rating'}
            </th>
            <th scope="col" className="num">
              Votes
            </th>
            <th scope="col" className="num">
              Win rate
            </th>
            <th scope="col" className="num">
              <abbr title="Median time to first token">TTFT</abbr>
            </th>
            <th scope="col" className="num">
              Tokens/s
            </th>
            <th scope="col" className="num">
              Cost/answer
            </th>
            <th scope="col" className="num" aria-sort={byValue ? 'descending' : 'none'}>
              <button type="button" className="sort" onClick={() => onSort('rating_per_dollar')} aria-pressed={byValue} title="Rating divided by the mean cost of an answer">
                Rating per $
              </button>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.model_id} data-testid="leaderboard-row" className={row.preliminary ? 'preliminary' : undefined} data-preliminary={row.preliminary}>
              <td>{row.rank}</td>
              <th scope="row" className="model-cell">
                <span className="model-name">{row.model_name}</span>
                {row.provider_name === 'demo' && <span className="badge demo">demo</span>}
                <span className="provider">{row.provider_name}</span>
                {row.preliminary && (
                  <span className="badge" data-testid="preliminary-badge" title={`Fewer than ${minVotes} votes: ranked after the models that have them`}>
                    preliminary
                  </span>
                )}
                {!row.comparable && (
                  <span className="badge warn" title="No battles link this model to the others, so its rating cannot be compared">
                    not comparable
                  </span>
                )}
              </th>
              <td className="num" data-testid="rating">
                <RatingCell row={row} />
              </td>
              <td className="num" data-testid="votes">
                {row.votes}
              </td>
              <td className="num">{formatPercent(row.win_rate)}</td>
              <td className="num">{formatMs(row.median_ttft_ms)}</td>
              <td className="num">{formatRate(row.output_tokens_per_second)}</td>
              <td className="num">{formatCost(row.mean_cost_per_answer)}</td>
              <td className="num">{row.rating_per_dollar === null ? '—' : Math.round(row.rating_per_dollar).toLocaleString('en')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
