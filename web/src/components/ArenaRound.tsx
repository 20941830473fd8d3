import type { Outcome } from '../api/openapi';
import type { Turn } from '../hooks/turnState';
import { AnswerPanel } from './AnswerPanel';
import { PromptBubble } from './PromptBubble';
import { SideTitle } from './SideTitle';
import { outcomeLabel, VoteBar } from './VoteBar';

interface ArenaRoundProps {
  turn: Turn;
  canVote: boolean;
  voting: boolean;
  voteError: string | null;
  onVote?: (outcome: Outcome) => void;
}

/** One battle round: the prompt, both answers side by side, and the vote or its result. */
export function ArenaRound({ turn, canVote, voting, voteError, onVote }: ArenaRoundProps) {
  const hidden = turn.mode === 'anonymous' && !turn.vote;
  return (
    <article className="round" data-testid="round">
      <PromptBubble prompt={turn.prompt} />
      {turn.requestError ? (
        <p className="form-error request-error" role="alert">
          {turn.requestError}
        </p>
      ) : (
        <div className="answers">
          {(['model1', 'model2'] as const).map((side, index) => (
            <AnswerPanel
              key={side}
              testId={`answer-${side}`}
              title={<SideTitle letter={index === 0 ? 'A' : 'B'} model={hidden ? null : turn.state[side].model} />}
              side={turn.state[side]}
              startedAt={turn.startedAt}
              live={turn.live}
            />
          ))}
        </div>
      )}
      {turn.vote && (
        <p className="vote-result" data-testid="vote-result" role="status">
          You voted <strong>{outcomeLabel(turn.vote.outcome)}</strong>
          {turn.mode === 'anonymous' && ' — the models are revealed above.'}
        </p>
      )}
      {canVote && onVote && !turn.vote && <VoteBar onVote={onVote} pending={voting} error={voteError} />}
    </article>
  );
}
