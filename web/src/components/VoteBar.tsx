import type { Outcome } from '../api/openapi';

export const VOTE_CHOICES: ReadonlyArray<{ outcome: Outcome; label: string; key: string }> = [
  { outcome: 'model1', label: 'A is better', key: '1' },
  { outcome: 'model2', label: 'B is better', key: '2' },
  { outcome: 'tie', label: 'Tie', key: '3' },
  { outcome: 'both_bad', label: 'Both are bad', key: '4' },
];

export function outcomeLabel(outcome: Outcome): string {
  return VOTE_CHOICES.find((choice) => choice.outcome === outcome)?.label ?? outcome;
}

interface VoteBarProps {
  /** The verdicts this turn may get (a failed side cannot win). */
  outcomes: Outcome[];
  onVote: (outcome: Outcome) => void;
  pending: boolean;
  error: string | null;
  /** The turn's place in the conversation, so each turn's bar has a name of its own. */
  label: string;
}

/** The verdicts a turn may get, with their keyboard shortcuts shown; disabled while a vote is on its way. */
export function VoteBar({ outcomes, onVote, pending, error, label }: VoteBarProps) {
  return (
    <div className="vote-bar" role="group" aria-label={`${label}: which answer is better?`} data-testid="vote-bar">
      <span className="vote-question">Which answer is better?</span>
      <div className="vote-buttons">
        {VOTE_CHOICES.filter((choice) => outcomes.includes(choice.outcome)).map((choice) => (
          <button key={choice.outcome} type="button" className="button vote" disabled={pending} onClick={() => onVote(choice.outcome)} aria-keyshortcuts={choice.key}>
            <kbd aria-hidden="true">{choice.key}</kbd> {choice.label}
          </button>
        ))}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
