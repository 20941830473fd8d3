import type { Outcome, Side } from '../api/openapi';
import { allowedOutcomes, isAnswered, type Turn } from '../hooks/turnState';
import { AnswerPanel } from './AnswerPanel';
import { PromptBubble } from './PromptBubble';
import { SideTitle } from './SideTitle';
import { outcomeLabel, VoteBar } from './VoteBar';

export type RegenerateWhich = Side | 'both';

interface ArenaRoundProps {
  turn: Turn;
  /** 1-based place in the conversation. */
  number: number;
  voting?: boolean;
  voteError?: string | null;
  /** Absent where the reader cannot vote (a shared thread). */
  onVote?: ((outcome: Outcome) => void) | undefined;
  /** Offered on the latest answered turn only: the server asks again only the thread's latest turn. */
  onRegenerate?: ((which: RegenerateWhich) => void) | undefined;
}

const LETTERS: Record<Side, string> = { model1: 'A', model2: 'B' };

/** One battle turn: the prompt, both answers side by side, its own vote (until voted) or its result, and regenerate. */
export function ArenaRound({ turn, number, voting = false, voteError = null, onVote, onRegenerate }: ArenaRoundProps) {
  const answered = onVote !== undefined && isAnswered(turn);
  const outcomes = allowedOutcomes(turn);
  const sideAction = (side: Side) => {
    if (!onRegenerate) return null;
    const failed = turn.state[side].status !== 'done' || turn.state[side].error !== null;
    return (
      <button type="button" className="button small" onClick={() => onRegenerate(side)} data-testid={`regenerate-${side}`}>
        {failed ? 'Retry' : 'Regenerate'} {LETTERS[side]}
      </button>
    );
  };
  return (
    <article className="round" data-testid="round" aria-label={`Turn ${number}`}>
      <PromptBubble prompt={turn.prompt} />
      {turn.requestError ? (
        <p className="form-error request-error" role="alert">
          {turn.requestError}
        </p>
      ) : (
        <div className="answers">
          {(['model1', 'model2'] as const).map((side) => (
            <AnswerPanel
              key={side}
              testId={`answer-${side}`}
              title={<SideTitle letter={LETTERS[side]} model={turn.state[side].model} />}
              side={turn.state[side]}
              startedAt={turn.startedAt}
              live={turn.live}
              actions={sideAction(side)}
            />
          ))}
        </div>
      )}
      {turn.vote && (
        <p className="vote-result" data-testid="vote-result" role="status">
          You voted <strong>{outcomeLabel(turn.vote.outcome)}</strong>
          {turn.mode === 'anonymous' && ' — the models are revealed.'}
        </p>
      )}
      {onVote && answered && !turn.vote && outcomes.length > 0 && <VoteBar outcomes={outcomes} onVote={onVote} pending={voting} error={voteError} label={`Turn ${number}`} />}
      {answered && outcomes.length === 0 && (
        <p className="note" data-testid="no-vote">
          Both answers failed, so there is nothing to vote on. Retry a side, or ask something else.
        </p>
      )}
      {onRegenerate && (
        <div className="round-actions">
          <button type="button" className="button small" onClick={() => onRegenerate('both')} data-testid="regenerate-both">
            Regenerate both
          </button>
        </div>
      )}
    </article>
  );
}
