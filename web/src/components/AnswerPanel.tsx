import type { ReactNode } from 'react';
import { sideErrorText } from '../errors/describeError';
import type { SideState } from '../hooks/turnState';
import { AnswerStatsLine } from './AnswerStatsLine';
import { CopyButton } from './CopyButton';
import { ElapsedTime } from './ElapsedTime';
import { Markdown } from './Markdown';

const STATUS_TEXT: Record<SideState['status'], string> = {
  waiting: 'Waiting for the first words…',
  streaming: 'Answering…',
  done: 'Done',
  error: 'Failed',
  stopped: 'Stopped',
};

interface AnswerPanelProps {
  title: ReactNode;
  side: SideState;
  startedAt: number;
  live: boolean;
  testId: string;
  /** What can be done with this side once it ended (retry, regenerate). */
  actions?: ReactNode;
}

/** One side's answer: heading, live clock, the markdown so far, its error in place, its figures and a copy button. */
export function AnswerPanel({ title, side, startedAt, live, testId, actions }: AnswerPanelProps) {
  const running = live && (side.status === 'waiting' || side.status === 'streaming');
  return (
    <section className={`answer answer-${side.status}`} data-testid={testId} aria-busy={running}>
      <header className="answer-head">
        <h3 className="answer-title">{title}</h3>
        <span className="answer-status">
          <span className="visually-hidden">{STATUS_TEXT[side.status]}</span>
          {/* A side that failed before its first word has no answer time worth showing ("0.0 s"). */}
          <ElapsedTime startedAt={startedAt} finalMs={side.status === 'error' && !side.text ? null : side.timeMs} running={running} />
        </span>
      </header>
      <div className="answer-body" data-testid={`${testId}-text`}>
        {side.text ? <Markdown text={side.text} /> : running ? <p className="placeholder pulse">{STATUS_TEXT.waiting}</p> : null}
        {side.status === 'stopped' && <p className="note">Stopped before the answer was complete.</p>}
      </div>
      {side.error && (
        <p className="side-error" role="alert">
          {sideErrorText(side.error, side.retryAfterMs)}
        </p>
      )}
      {!running && (
        <footer className="answer-foot">
          <AnswerStatsLine stats={side.stats} />
          <span className="answer-actions">
            {side.text && <CopyButton text={side.text} label="Copy answer" />}
            {actions}
          </span>
        </footer>
      )}
    </section>
  );
}
