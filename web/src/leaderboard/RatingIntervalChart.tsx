import { CartesianGrid, ErrorBar, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { LeaderboardRow } from '../api/openapi';
import { formatRating } from './format';
import { niceTicks } from './niceTicks';

/** Each model's rating as a dot with its 95% confidence interval as a horizontal bar. */
export function RatingIntervalChart({ rows }: { rows: LeaderboardRow[] }) {
  const data = rows.map((row) => ({
    name: row.model_name,
    rating: row.rating,
    interval: row.ci_lower !== null && row.ci_upper !== null ? [row.rating - row.ci_lower, row.ci_upper - row.rating] : [0, 0],
  }));
  const height = 60 + rows.length * 36;
  // The intervals, not only the dots, must fit inside the axis.
  const ticks = niceTicks(rows.flatMap((row) => [row.rating, row.ci_lower ?? row.rating, row.ci_upper ?? row.rating]));
  return (
    <figure className="chart" data-testid="ci-chart">
      <figcaption>Rating with 95% confidence interval</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <ScatterChart layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="rating" ticks={ticks} domain={[ticks[0] ?? 'auto', ticks.at(-1) ?? 'auto']} tickFormatter={formatRating} name="Rating" />
          <YAxis type="category" dataKey="name" width={130} name="Model" />
          <Tooltip formatter={(value) => formatRating(Number(value))} />
          <Scatter data={data} name="Rating" isAnimationActive={false}>
            <ErrorBar dataKey="interval" direction="x" width={6} strokeWidth={2} isAnimationActive={false} />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
