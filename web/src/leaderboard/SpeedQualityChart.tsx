import { CartesianGrid, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { LeaderboardRow } from '../api/openapi';
import { formatMs, formatRating } from './format';
import { niceTicks } from './niceTicks';

/** Longer names are cut in the point labels (the tooltip has them whole), so neighbours do not overlap. */
const LABEL_CHARS = 16;
const shortName = (name: string) => (name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name);

/** Rating against average answer time: the best models sit top left. */
export function SpeedQualityChart({ rows }: { rows: LeaderboardRow[] }) {
  const data = rows.filter((row) => row.avg_time_ms !== null).map((row) => ({ name: row.model_name, time: row.avg_time_ms, rating: row.rating }));
  if (data.length === 0) return <p className="state">No timings yet.</p>;
  const ratingTicks = niceTicks(data.map((point) => point.rating));
  const timeTicks = niceTicks([0, ...data.map((point) => point.time ?? 0)]);
  return (
    <figure className="chart" data-testid="speed-chart">
      <figcaption>Speed vs quality</figcaption>
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 24, right: 56, bottom: 28, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="time"
            name="Average time"
            ticks={timeTicks}
            domain={[timeTicks[0] ?? 0, timeTicks.at(-1) ?? 'auto']}
            tickFormatter={formatMs}
            label={{ value: 'Average answer time (faster to the left)', position: 'insideBottom', offset: -16 }}
          />
          <YAxis
            type="number"
            dataKey="rating"
            name="Rating"
            ticks={ratingTicks}
            domain={[ratingTicks[0] ?? 'auto', ratingTicks.at(-1) ?? 'auto']}
            tickFormatter={formatRating}
            width={56}
            label={{ value: 'Rating', angle: -90, position: 'insideLeft', offset: 0 }}
          />
          <Tooltip formatter={(value, name) => (name === 'Average time' ? formatMs(Number(value)) : formatRating(Number(value)))} />
          <Scatter data={data} name="Models" isAnimationActive={false}>
            <LabelList dataKey="name" position="top" offset={8} className="point-label" formatter={(name) => shortName(String(name))} />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
