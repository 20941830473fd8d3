import { type LeaderboardFilters, TIME_WINDOWS, type TimeWindow } from './useLeaderboardFilters';

interface Props {
  filters: LeaderboardFilters;
  window: TimeWindow;
  signedIn: boolean;
  onChange(key: string, value: string | null): void;
}

export function LeaderboardFilterBar({ filters, window, signedIn, onChange }: Props) {
  return (
    <div className="filter-bar" role="group" aria-label="Leaderboard filters">
      <div className="segmented" role="radiogroup" aria-label="Rating method">
        {(
          [
            ['bt', 'Bradley–Terry'],
            ['elo', 'Elo'],
          ] as const
        ).map(([method, label]) => (
          <button key={method} type="button" role="radio" aria-checked={filters.method === method} className={filters.method === method ? 'selected' : ''} onClick={() => onChange('method', method === 'bt' ? null : method)}>
            {label}
          </button>
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={filters.blind} onChange={(event) => onChange('blind', event.target.checked ? 'true' : null)} /> Blind votes only
      </label>
      {signedIn && (
        <label className="check">
          <input type="checkbox" checked={filters.mine} onChange={(event) => onChange('mine', event.target.checked ? 'true' : null)} /> Only my votes
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
    </div>
  );
}
