import type { Turn } from '../hooks/turnState';
import { AnswerPanel } from './AnswerPanel';
import { PromptBubble } from './PromptBubble';
import { ModelLabel } from './ModelLabel';

/** One single-model exchange: the prompt and the model's answer. */
export function ChatTurn({ turn }: { turn: Turn }) {
  return (
    <article className="round" data-testid="chat-turn">
      <PromptBubble prompt={turn.prompt} />
      {turn.requestError ? (
        <p className="form-error request-error" role="alert">
          {turn.requestError}
        </p>
      ) : (
        <AnswerPanel testId="answer-single" title={<ModelLabel model={turn.state.model1.model} />} side={turn.state.model1} startedAt={turn.startedAt} live={turn.live} />
      )}
    </article>
  );
}
