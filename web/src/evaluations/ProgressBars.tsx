import type { EvaluationProgress } from '../api/openapi';
import { duration, settled } from './format';

function Stage({ label, done, total, failed }: { label: string; done: number; total: number; failed: number }) {
  return (
    <div className="eval-stage">
      <div className="eval-stage-head">
        <span>{label}</span>
        <span data-testid={`${label.toLowerCase()}-count`}>
          {done} / {total}
          {failed > 0 && <span className="badge warn">{failed} failed</span>}
        </span>
      </div>
      <progress className="eval-progress" value={done} max={Math.max(total, 1)} aria-label={`${label}: ${done} of ${total}`} />
    </div>
  );
}

/** One bar per stage, with the time so far and the ETA. */
export function ProgressBars({ progress, status }: { progress: EvaluationProgress; status: string }) {
  return (
    <section className="card eval-progress-card" aria-label="Progress">
      <Stage label="Answers" done={settled(progress, 'answers')} total={progress.answers.total} failed={progress.answers.failed} />
      <Stage label="Judgments" done={settled(progress, 'judgments')} total={progress.judgments.total} failed={progress.judgments.failed + progress.judgments.blocked} />
      <p className="hint" data-testid="eta">
        {status === 'running' ? `Running for ${duration(progress.elapsed_ms)} · ETA ${progress.eta_ms === null ? 'estimating…' : duration(progress.eta_ms)}` : `Ran for ${duration(progress.elapsed_ms)}`}
        {' · '}
        {progress.tokens.input + progress.tokens.output} tokens
        {progress.cost > 0 && ` · cost ${progress.cost.toFixed(4)}${progress.cost_complete ? '' : ' (some models have no price)'}`}
        {progress.answers.reused + progress.judgments.reused > 0 && ` · ${progress.answers.reused + progress.judgments.reused} reused from earlier runs`}
      </p>
    </section>
  );
}
