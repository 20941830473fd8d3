import { expect, it } from 'vitest';
import { bradleyTerryWithIntervals } from '../../src/ratings/bootstrap.js';
import { SeededRandom } from '../../src/random.js';
import { createRoundsPool } from '../../src/ratings/roundsPool.js';
import { styleControlWithIntervals, type StyleBattles } from '../../src/ratings/styleControl.js';
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

it('gives the same style-controlled ratings and intervals on worker threads as on this thread', async () => {
  const n = 3000;
  const random = new SeededRandom(4);
  const battles: StyleBattles = { a: new Int32Array(n), b: new Int32Array(n), outcome: new Float64Array(n), featuresA: [0, 1, 2, 3].map(() => new Float64Array(n)), featuresB: [0, 1, 2, 3].map(() => new Float64Array(n)) };
  for (let i = 0; i < n; i++) {
    battles.a[i] = Math.floor(random.next() * 5);
    battles.b[i] = ((battles.a[i] as number) + 1 + Math.floor(random.next() * 4)) % 5;
    battles.outcome[i] = random.next() < 0.1 ? 0.5 : random.next() < 0.5 + (battles.a[i] as number) / 20 ? 1 : 0;
    for (let k = 0; k < 4; k++) {
      (battles.featuresA[k] as Float64Array)[i] = Math.floor(random.next() * 400);
      (battles.featuresB[k] as Float64Array)[i] = Math.floor(random.next() * 400);
    }
  }
  const inline = await styleControlWithIntervals(5, battles, { rounds: 1000, seed: 5 });
  for (const size of [1, 2]) {
    const pool = createRoundsPool(size);
    try {
      const threaded = await styleControlWithIntervals(5, battles, { rounds: 1000, seed: 5, runChunk: pool.run });
      expect(threaded).toEqual(inline);
    } finally {
      await pool.close();
    }
  }
  expect(inline.upper[4]).toBeGreaterThan(inline.lower[4] as number);
});
