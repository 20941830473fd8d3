import { expect, it } from 'vitest';
import { bradleyTerryWithIntervals } from '../../src/ratings/bootstrap.js';
import { createRoundsPool } from '../../src/ratings/roundsPool.js';
import type { PairCounts } from '../../src/ratings/types.js';

it('gives the same intervals on worker threads as on this thread, whatever the number of threads', async () => {
  const counts: PairCounts[] = [];
  for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) if (a !== b) counts.push({ a, b, winsA: 10 + a * 3, winsB: 10 + b * 2, ties: 3 });
  const inline = await bradleyTerryWithIntervals(6, counts, { rounds: 600, seed: 5 });
  for (const size of [1, 2]) {
    const pool = createRoundsPool(size);
    try {
      const threaded = await bradleyTerryWithIntervals(6, counts, { rounds: 600, seed: 5, runChunk: pool.run });
      expect(Array.from(threaded.lower)).toEqual(Array.from(inline.lower));
      expect(Array.from(threaded.upper)).toEqual(Array.from(inline.upper));
    } finally {
      await pool.close();
    }
  }
  expect(inline.upper[5]).toBeGreaterThan(inline.lower[5] as number);
});
