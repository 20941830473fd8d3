import type { WinRateMatrix } from '../api/openapi';
import { formatPercent } from './format';

/** Pairwise win rates (ties left out) as a table whose cells are tinted by the rate. */
export function WinRateHeatmap({ matrix }: { matrix: WinRateMatrix }) {
  if (matrix.models.length < 2) return <p className="state">Not enough models with battles for a matrix yet.</p>;
  return (
    <figure className="chart" data-testid="heatmap">
      <figcaption>Win rate of the row model against the column model (ties left out)</figcaption>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Win-rate matrix">
        <table className="heatmap">
          <thead>
            <tr>
              <td />
              {matrix.models.map((model) => (
                <th key={model.model_id} scope="col">
                  {model.model_name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.models.map((row, i) => (
              <tr key={row.model_id}>
                <th scope="row">{row.model_name}</th>
                {matrix.models.map((column, j) => {
                  const rate = matrix.win_rate[i]?.[j] ?? null;
                  const battles = matrix.battles[i]?.[j] ?? 0;
                  return (
                    <td
                      key={column.model_id}
                      className={rate === null ? 'empty' : 'rated'}
                      style={rate === null ? undefined : { ['--rate' as string]: `${Math.round(rate * 100)}%` }}
                      title={i === j ? undefined : `${row.model_name} vs ${column.model_name}: ${formatPercent(rate)} of ${battles} battles`}
                    >
                      {i === j ? '' : formatPercent(rate)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
