import { describe, expect, it } from 'vitest';
import { niceTicks } from './niceTicks';

describe('niceTicks', () => {
  it('spans the values with round steps', () => {
    expect(niceTicks([960, 1040])).toEqual([960, 980, 1000, 1020, 1040]);
    expect(niceTicks([-1117, 1883])).toEqual([-2000, -1000, 0, 1000, 2000]);
  });
  it('widens a single value into a range', () => {
    const ticks = niceTicks([1000]);
    expect(ticks[0]).toBeLessThanOrEqual(990);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(1010);
  });
  it('has nothing to say about no values', () => {
    expect(niceTicks([Number.NaN])).toEqual([]);
  });
});
