import type { EvaluationResults } from '../api/openapi';
import { percent } from './format';

/** Per model: win rate with its interval, Bradley–Terry rating (plain and style-controlled), MT-Bench consistency, usage. */
export function ResultsTable({ results }: { results: EvaluationResults }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="eval-results">
        <caption className="visually-hidden">Models by win rate</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              Win rate (95% CI)
            </th>
            <th scope="col" className="num">
              Rating (95% CI)
            </th>
            <th scope="col" className="num" title="The leaderboard's style control: answer length and markdown held equal">
              Style-controlled (95% CI)
            </th>
            <th scope="col" className="num" title="MT-Bench rule: a win only when both orders agree">
              Consistent W / L / T
            </th>
            <th scope="col" className="num">
              Answers
            </th>
            <th scope="col" className="num">
              Tokens in / out
            </th>
            <th scope="col" className="num">
              Avg time
            </th>
            <th scope="col" className="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {results.models.map((model) => (
            <tr key={model.model_id} data-testid="eval-result-row">
              <th scope="row" className="model-cell">
                <span className="model-name">{model.model_name}</span>
                {model.is_baseline && <span className="badge">baseline</span>}
                {model.is_judge && <span className="badge warn">also the judge</span>}
              </th>
              <td className="num" data-testid="win-rate">
                {percent(model.win_rate)} <span className="ci">{model.ci_lower !== null && model.ci_upper !== null ? `${percent(model.ci_lower)}–${percent(model.ci_upper)}` : ''}</span>
              </td>
              <td className="num">
                {model.rating === null ? '—' : Math.round(model.rating)}{' '}
                <span className="ci">{model.rating_ci_lower !== null && model.rating_ci_upper !== null ? `${Math.round(model.rating_ci_lower)}–${Math.round(model.rating_ci_upper)}` : ''}</span>
              </td>
              <td className="num" data-testid="style-controlled">
                {model.style_win_rate !== null ? `${percent(model.style_win_rate)} · ` : ''}
                {model.style_rating === null ? '—' : Math.round(model.style_rating)}{' '}
                <span className="ci">{model.style_ci_lower !== null && model.style_ci_upper !== null ? `${Math.round(model.style_ci_lower)}–${Math.round(model.style_ci_upper)}` : ''}</span>
              </td>
              <td className="num">
                {model.consistency.wins} / {model.consistency.losses} / {model.consistency.ties}
              </td>
              <td className="num">{model.answers}</td>
              <td className="num">
                {model.input_tokens} / {model.output_tokens}
              </td>
              <td className="num">{model.avg_time_ms === null ? '—' : `${model.avg_time_ms} ms`}</td>
              <td className="num">{model.cost === null ? '—' : model.cost.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
