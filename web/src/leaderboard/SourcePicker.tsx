import type { VoteSource } from './useLeaderboardFilters';

/** Each source: its picker label, what it means, and what the count in the lede counts. */
export const SOURCES: Record<VoteSource, { label: string; meaning: string; counted: [one: string, many: string] }> = {
  human: {
    label: 'Human votes',
    meaning: 'Votes people cast in the arena. Verdicts of LLM judges from evaluation runs are left out.',
    counted: ['vote', 'votes'],
  },
  judge: {
    label: 'LLM judge',
    meaning:
      'Verdicts of LLM judges from evaluation runs, not people’s votes: each pair of answers is judged twice, with the positions swapped, and every parsed verdict counts as one vote (how strong it was is left out).',
    counted: ['verdict', 'verdicts'],
  },
  all: {
    label: 'Both',
    meaning: 'People’s votes and the LLM judges’ verdicts from evaluation runs, summed: each pair of answers in a run is judged twice, with the positions swapped, and every verdict counts as one vote.',
    counted: ['vote or verdict', 'votes and verdicts'],
  },
};

/** Native radios: arrow keys move the choice, as in any radio group. */
export function SourcePicker({ source, onPick }: { source: VoteSource; onPick(source: VoteSource): void }) {
  return (
    <div className="source-bar">
      <fieldset className="segmented source-picker" aria-describedby="source-note">
        <legend className="visually-hidden">Rate by</legend>
        {(Object.keys(SOURCES) as VoteSource[]).map((value) => (
          <label key={value} className={source === value ? 'selected' : ''}>
            <input type="radio" name="leaderboard-source" className="visually-hidden" value={value} checked={source === value} onChange={() => onPick(value)} />
            {SOURCES[value].label}
          </label>
        ))}
      </fieldset>
      <p className="muted" id="source-note" data-testid="source-note">
        {SOURCES[source].meaning}
      </p>
    </div>
  );
}
