import { CartesianGrid, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { LeaderboardRow } from '../api/openapi';
import { formatMs, formatRating } from './format';

/** Rating against average answer time: the best models sit top left. */
export function SpeedQualityChart({ rows }: { rows: LeaderboardRow[] }) {
  const data = rows.filter((row) => row.avg_time_ms !== null).map((row) => ({ name: row.model_name, time: row.avg_time_ms, rating: row.rating }));
  if (data.length === 0) return <p className="state">No timings yet.</p>;
  return (
    <figure className="chart" data-testid="speed-chart">
      <figcaption>Speed vs quality</figcaption>
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 16, right: 32, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="time" name="Average time" tickFormatter={formatMs} label={{ value: 'Average answer time', position: 'insideBottom', offset: -12 }} />
          <YAxis type="number" dataKey="rating" name="Rating" domain={['dataMin - 40', 'dataMax + 40']} tickFormatter={formatRating} width={48} />
          <Tooltip formatter={(value, name) => (name === 'Average time' ? formatMs(Number(value)) : formatRating(Number(value)))} />
          <Scatter data={data} name="Models" isAnimationActive={false}>
            <LabelList dataKey="name" position="top" className="point-label" />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
