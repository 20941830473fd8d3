import { describe, expect, it } from 'vitest';
import type { NewJob } from './jobQueue.js';
import { SendBatcher } from './sendBatcher.js';

describe('SendBatcher', () => {
  it('sends what arrives within its delay as one insert per queue and group, and settles each sender after it', async () => {
    const inserts: Array<{ name: string; group: string; ids: unknown[] }> = [];
    const batcher = new SendBatcher(async (name, group, jobs: NewJob<unknown>[]) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      inserts.push({ name, group, ids: jobs.map((job) => job.id) });
    }, 20);
    const settled: string[] = [];
    const sends = [
      batcher.add('judge', 'p1', [{ id: 'a', data: {} }]).then(() => settled.push('a')),
      batcher.add('judge', 'p1', [{ id: 'b', data: {} }, { id: 'c', data: {} }]).then(() => settled.push('bc')),
      batcher.add('judge', 'p2', [{ id: 'd', data: {} }]).then(() => settled.push('d')),
      batcher.add('judge', 'p2', []).then(() => settled.push('none')),
    ];
    expect(inserts).toEqual([]);
    await Promise.all(sends);
    expect(inserts).toEqual([
      { name: 'judge', group: 'p1', ids: ['a', 'b', 'c'] },
      { name: 'judge', group: 'p2', ids: ['d'] },
    ]);
    expect(settled.sort()).toEqual(['a', 'bc', 'd', 'none']);
  });

  it('rejects every sender of a batch whose insert failed, and starts a new batch afterwards', async () => {
    let fail = true;
    const batcher = new SendBatcher(async () => {
      if (fail) throw new Error('database gone');
    }, 5);
    const first = batcher.add('judge', 'p1', [{ id: 'a', data: {} }]);
    const second = batcher.add('judge', 'p1', [{ id: 'b', data: {} }]);
    await expect(first).rejects.toThrow('database gone');
    await expect(second).rejects.toThrow('database gone');
    fail = false;
    await expect(batcher.add('judge', 'p1', [{ id: 'c', data: {} }])).resolves.toBeUndefined();
  });

  it('flush sends at once what is waiting', async () => {
    const inserts: unknown[][] = [];
    const batcher = new SendBatcher(async (_name, _group, jobs) => void inserts.push(jobs.map((job) => job.id)), 60_000);
    const sent = batcher.add('judge', 'p1', [{ id: 'a', data: {} }]);
    await batcher.flush();
    await sent;
    expect(inserts).toEqual([['a']]);
  });
});
