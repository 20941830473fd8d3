import type { AnswerStats } from '../api/openapi';
import { formatSeconds } from './ElapsedTime';

function formatCost(cost: number, currency: string): string {
  // Answers cost fractions of a cent: enough digits to tell two of them apart.
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumSignificantDigits: 2 }).format(cost);
}

/** Under an answer: time to first token, speed and, when the model has a price and is named, cost. */
export function AnswerStatsLine({ stats }: { stats: AnswerStats | null }) {
  if (!stats) return null;
  const parts = [
    stats.ttft_ms !== null && { key: 'ttft', text: `first token ${formatSeconds(stats.ttft_ms)}`, title: 'Time to first token' },
    stats.tokens_per_second !== null && { key: 'speed', text: `${stats.tokens_per_second.toFixed(1)} tokens/s`, title: `${stats.output_tokens ?? '?'} output tokens` },
    stats.cost !== null && stats.currency !== null && { key: 'cost', text: formatCost(stats.cost, stats.currency), title: 'Cost at the model’s price' },
  ].filter((part) => part !== false);
  if (parts.length === 0) return null;
  return (
    <p className="answer-stats" data-testid="answer-stats">
      {parts.map((part) => (
        <span key={part.key} title={part.title} data-stat={part.key}>
          {part.text}
        </span>
      ))}
    </p>
  );
}
