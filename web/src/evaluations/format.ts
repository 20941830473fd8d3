import type { EvaluationProgress } from '../api/openapi';

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Items of a stage that are settled: done, failed, or (judgments) blocked by a failed answer. */
export function settled(progress: EvaluationProgress, stage: 'answers' | 'judgments'): number {
  return stage === 'answers' ? progress.answers.done + progress.answers.failed : progress.judgments.done + progress.judgments.failed + progress.judgments.blocked;
}

export const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
