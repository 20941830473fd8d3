import { describe, expect, it } from 'vitest';
import { ResultCache } from './resultCache.js';

describe('ResultCache', () => {
  it('holds at most maxEntries results, dropping the least recently read', async () => {
    const cache = new ResultCache(async () => 'w', { freshnessMs: 60_000, maxEntries: 3 });
    let computed = 0;
    const compute = (value: string) => async () => {
      computed += 1;
      return value;
    };
    for (const key of ['a', 'b', 'c']) await cache.get(key, compute(key));
    await cache.get('a', compute('a'));
    await cache.get('d', compute('d'));
    expect(cache.size).toBe(3);
    expect(computed).toBe(4);
    // 'b' was the least recently read: it went, 'a' stayed.
    expect(await cache.get('a', compute('a'))).toBe('a');
    expect(computed).toBe(4);
    await cache.get('b', compute('b'));
    expect(computed).toBe(5);
    for (let n = 0; n < 200; n++) await cache.get(`k${n}`, compute(`k${n}`));
    expect(cache.size).toBe(3);
  });

  it('shares one computation among concurrent readers of a key, even when it is evicted meanwhile', async () => {
    const cache = new ResultCache(async () => 'w', { freshnessMs: 60_000, maxEntries: 1 });
    let computed = 0;
    let release: (value: string) => void = () => {};
    const slow = () => {
      computed += 1;
      return new Promise<string>((resolve) => {
        release = resolve;
      });
    };
    const first = cache.get('slow', slow);
    await cache.get('other', async () => 'evicts slow');
    const readers = Promise.all(Array.from({ length: 10 }, () => cache.get('slow', slow)));
    // Let every reader reach the cache before the computation ends.
    await new Promise((resolve) => setImmediate(resolve));
    release('done');
    expect(await first).toBe('done');
    expect(await readers).toEqual(new Array(10).fill('done'));
    expect(computed).toBe(1);
  });

  it('recomputes after invalidate(), or when the watermark moved once the result is stale', async () => {
    let watermark = 'one';
    const cache = new ResultCache(async () => watermark, { freshnessMs: 0, maxEntries: 10 });
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.get('x', compute)).toBe(1);
    expect(await cache.get('x', compute)).toBe(1);
    watermark = 'two';
    expect(await cache.get('x', compute)).toBe(2);
    cache.invalidate();
    expect(await cache.get('x', compute)).toBe(3);
  });

  it('forgets a failed computation', async () => {
    const cache = new ResultCache(async () => 'w', { freshnessMs: 60_000, maxEntries: 10 });
    await expect(cache.get('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('x', async () => 'fine')).toBe('fine');
  });
});
