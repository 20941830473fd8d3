import { afterAll, describe, expect, it } from 'vitest';
import { createAnalyser } from '../../src/analysis/analyser.js';
import { answerFeatures } from '../../src/analysis/features.js';

describe('the analyser (worker thread)', () => {
  const analyser = createAnalyser({ idleMs: 100 });
  afterAll(() => analyser.close());

  it('answers what the functions on this thread answer, in order', async () => {
    const texts = ['## Title\n- one\n- two\n**bold**', 'plain', '```js\nconst x = 1;\n```\n1. step'];
    const results = await analyser.answers(texts);
    expect(results).toEqual(texts.map((text) => ({ ok: true, value: answerFeatures(text) })));
  });

  it('serves concurrent requests, and starts a new worker after the idle one stopped', async () => {
    const [first, second] = await Promise.all([analyser.answers(['a b c']), analyser.answers(['d e f g'])]);
    expect(first[0]).toEqual({ ok: true, value: answerFeatures('a b c') });
    expect(second[0]).toEqual({ ok: true, value: answerFeatures('d e f g') });
    // Past the idle time the worker is gone; the next request brings up another.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await analyser.answers(['again'])).toEqual([{ ok: true, value: answerFeatures('again') }]);
  });

  it('refuses requests once closed, and serves again after a new request starts it', async () => {
    const closing = createAnalyser();
    const refused = expect(closing.answers(['x'.repeat(100_000)])).rejects.toThrow(/closed/);
    await closing.close();
    await refused;
    expect(await closing.answers(['back'])).toEqual([{ ok: true, value: answerFeatures('back') }]);
    await closing.close();
  });
});
