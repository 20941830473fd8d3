import type { CategoryOverview } from '../api/openapi';
import { categoryLabel } from './format';

interface Props {
  overview: CategoryOverview;
  /** The category the table above shows, highlighted here. */
  selected: string | null;
  onPick(key: string): void;
}

/** Every model's rank in every category, as LMArena's overview; a column header picks that category. */
export function CategoryOverviewTable({ overview, selected, onPick }: Props) {
  const columns = overview.categories.filter((category) => category.votes > 0);
  if (columns.length < 2) return null;
  return (
    <figure className="chart overview" data-testid="category-overview">
      <figcaption>Rank by category</figcaption>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Each model’s rank in each category; pick a column to see that category’s leaderboard</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              {columns.map((column) => (
                <th key={column.key} scope="col" className={`num${column.key === (selected ?? 'overall') ? ' selected' : ''}`}>
                  <button type="button" className="sort" onClick={() => onPick(column.key)} title={`${column.votes} votes`}>
                    {categoryLabel(column.key)}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {overview.models.map((model) => (
              <tr key={model.model_id}>
                <th scope="row">{model.model_name}</th>
                {columns.map((column) => {
                  const entry = model.ranks[column.key];
                  return (
                    <td key={column.key} className={`num${entry?.preliminary ? ' preliminary' : ''}`} title={entry ? `${entry.votes} votes, rating ${Math.round(entry.rating)}` : 'No votes in this category'}>
                      {entry ? entry.rank : '—'}
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
