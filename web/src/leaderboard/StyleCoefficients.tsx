import type { Interval, StyleCoefficients } from '../api/openapi';

type Coefficients = NonNullable<StyleCoefficients>;

const FEATURES: Array<[keyof Coefficients, string, string]> = [
  ['length', 'Length', 'longer answers'],
  ['header', 'Headings', 'more headings'],
  ['list', 'List items', 'more list items'],
  ['bold', 'Bold text', 'more bold text'],
];

function reading(interval: Interval, what: string): string {
  const factor = Math.exp(interval.value).toFixed(2);
  if (interval.ci_lower > 0) return `Voters favour ${what}: one standard deviation more multiplies the odds of winning by ${factor}.`;
  if (interval.ci_upper < 0) return `Voters favour the answer with fewer: one standard deviation more of this multiplies the odds of winning by ${factor}.`;
  return 'No clear effect: the 95% interval includes zero.';
}

/** The style coefficients of a style-controlled leaderboard, each with what it means in words. */
export function StyleCoefficients({ coefficients }: { coefficients: Coefficients }) {
  return (
    <section className="style-coefficients card" data-testid="style-coefficients" aria-labelledby="style-heading">
      <h2 id="style-heading">Style control</h2>
      <p className="muted">
        These ratings take out how much the answers’ style swayed the votes: each battle’s difference in length (tokens, code left out), headings, list items and bold text is fitted together
        with the models’ strengths, as LMArena does. A model that won by writing more now ranks by what remains. Each coefficient is the change in the log-odds of winning per standard deviation of
        that difference across the battles.
      </p>
      <table className="table">
        <caption className="visually-hidden">Style coefficients with 95% intervals</caption>
        <thead>
          <tr>
            <th scope="col">Style</th>
            <th scope="col" className="num">
              Coefficient (95% CI)
            </th>
            <th scope="col">What it means</th>
          </tr>
        </thead>
        <tbody>
          {FEATURES.map(([key, label, what]) => {
            const interval = coefficients[key];
            return (
              <tr key={key} data-testid={`style-${key}`}>
                <th scope="row">{label}</th>
                <td className="num">
                  {interval.value.toFixed(3)}{' '}
                  <span className="ci">
                    ({interval.ci_lower.toFixed(3)} to {interval.ci_upper.toFixed(3)})
                  </span>
                </td>
                <td>{reading(interval, what)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
