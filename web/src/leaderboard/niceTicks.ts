const STEPS = [1, 2, 2.5, 5];

/**
 * Round axis ticks (…, 950, 1000, 1050) spanning `values`, at most about `count` of them:
 * recharts' own ticks over a padded data range land on numbers like -1117, 383, 1883.
 */
export function niceTicks(values: number[], count = 5): number[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [];
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (high - low < 1) [low, high] = [low - 10, high + 10];
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = (STEPS.find((candidate) => candidate * magnitude >= raw) ?? 10) * magnitude;
  const first = Math.floor(low / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick < high + step; tick += step) ticks.push(Math.round(tick * 1000) / 1000 || 0);
  return ticks;
}
