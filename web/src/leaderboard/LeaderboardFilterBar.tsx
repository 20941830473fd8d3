import type { CategoryOverview } from '../api/openapi';
import { categoryLabel, languageLabel } from './format';
import { type LeaderboardFilters, TIME_WINDOWS, type TimeWindow } from './useLeaderboardFilters';

interface Props {
  filters: LeaderboardFilters;
  window: TimeWindow;
  signedIn: boolean;
  /** The categories and languages there are votes in (from the overview); rule categories always. */
  categories: CategoryOverview['categories'];
  onChange(key: string, value: string | null): void;
}

export function LeaderboardFilterBar({ filters, window, signedIn, categories, onChange }: Props) {
  const topics = categories.filter((category) => category.kind === 'rule' || category.kind === 'label').map((category) => category.key);
  const languages = categories.filter((category) => category.kind === 'language').map((category) => category.key.slice('language:'.length));
  // A category or language from the URL stays selectable even when the overview does not list it.
  if (filters.category !== null && !topics.includes(filters.category)) topics.push(filters.category);
  if (filters.language !== null && !languages.includes(filters.language)) languages.push(filters.language);
  // Judge verdicts are rated with Bradley–Terry and the time window alone (the API refuses the rest).
  const judged = filters.source !== 'human';
  const humanOnly = judged ? { disabled: true, 'aria-describedby': 'source-limits' } : {};
  return (
    <div className="filter-bar" role="group" aria-label="Leaderboard filters">
      <div className="segmented" role="radiogroup" aria-label="Rating method">
        {(
          [
            ['bt', 'Bradley–Terry'],
            ['elo', 'Elo'],
          ] as const
        ).map(([method, label]) => (
          <button
            key={method}
            type="button"
            role="radio"
            aria-checked={filters.method === method}
            className={filters.method === method ? 'selected' : ''}
            onClick={() => onChange('method', method === 'bt' ? null : method)}
            {...(method === 'elo' && humanOnly)}
          >
            {label}
          </button>
        ))}
      </div>
      <label className="check" title={filters.method === 'bt' ? 'Take the effect of answer length and markdown on votes out of the ratings' : 'Style control is a Bradley–Terry fit'}>
        <input
          type="checkbox"
          data-testid="style-control"
          checked={filters.styleControl}
          disabled={filters.method !== 'bt' || judged}
          aria-describedby={judged ? 'source-limits' : undefined}
          onChange={(event) => onChange('style', event.target.checked ? 'true' : null)}
        />{' '}
        Style control
      </label>
      <label className="check">
        <input type="checkbox" checked={filters.blind} onChange={(event) => onChange('blind', event.target.checked ? 'true' : null)} {...humanOnly} /> Blind votes only
      </label>
      {signedIn && (
        <label className="check">
          <input type="checkbox" checked={filters.mine} onChange={(event) => onChange('mine', event.target.checked ? 'true' : null)} {...humanOnly} /> Only my votes
        </label>
      )}
      <div className="field inline">
        <label htmlFor="time-window">Time window</label>
        <select id="time-window" value={window} onChange={(event) => onChange('window', event.target.value === 'all' ? null : event.target.value)}>
          {TIME_WINDOWS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field inline">
        <label htmlFor="category">Category</label>
        <select id="category" data-testid="category-picker" value={filters.category ?? ''} onChange={(event) => onChange('category', event.target.value || null)} {...humanOnly}>
          <option value="">All prompts</option>
          {topics.map((topic) => (
            <option key={topic} value={topic}>
              {categoryLabel(topic)}
            </option>
          ))}
        </select>
      </div>
      <div className="field inline">
        <label htmlFor="language">Language</label>
        <select id="language" value={filters.language ?? ''} onChange={(event) => onChange('language', event.target.value || null)} {...humanOnly}>
          <option value="">All languages</option>
          {languages.map((code) => (
            <option key={code} value={code}>
              {languageLabel(code)}
            </option>
          ))}
        </select>
      </div>
      {judged && (
        <p className="muted source-limits" id="source-limits" data-testid="source-limits">
          Judge verdicts have no voter, blind battle, prompt category or language, nor an order in time that Elo could follow: they are rated with Bradley–Terry and the time window alone, so the other filters are off.
        </p>
      )}
    </div>
  );
}
