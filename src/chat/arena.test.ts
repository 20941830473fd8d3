import { describe, expect, it } from 'vitest';
import type { AiModel } from '../db/schema.js';
import { seededRandom } from '../random.js';
import { anonymousPool, demoModelsRetired, pickAnonymousPair } from './arena.js';

const model = (id: string, name = id, provider = 'p'): AiModel => ({
  model_id: id,
  model_name: name,
  provider_name: provider,
  api_url: null,
  description: null,
  status: 'active',
  created_by: null,
  created_at: null,
  updated_at: null,
});

describe('pickAnonymousPair', () => {
  it('picks two different models, each side in turn, and models with few votes more often', () => {
    const models = [model('a'), model('b'), model('c')];
    const votes = new Map([['a', 0], ['b', 0], ['c', 99]]);
    const random = seededRandom(7);
    const appearances = new Map<string, number>();
    const leftCount = new Map<string, number>();
    for (let round = 0; round < 6000; round++) {
      const pair = pickAnonymousPair(models, votes, random);
      if (!pair) throw new Error('no pair');
      expect(pair[0].model_id).not.toBe(pair[1].model_id);
      for (const picked of pair) appearances.set(picked.model_id, (appearances.get(picked.model_id) ?? 0) + 1);
      leftCount.set(pair[0].model_id, (leftCount.get(pair[0].model_id) ?? 0) + 1);
    }
    expect(appearances.get('c') ?? 0).toBeLessThan((appearances.get('a') ?? 0) * 0.75);
    // Each model sits on the left about half of the times it plays.
    for (const id of ['a', 'b', 'c']) expect((leftCount.get(id) ?? 0) / (appearances.get(id) ?? 1)).toBeCloseTo(0.5, 1);
  });

  it('never pits a model against itself on another provider, and needs two models', () => {
    const random = seededRandom(1);
    for (let round = 0; round < 100; round++) {
      const pair = pickAnonymousPair([model('a', 'same'), model('b', 'same'), model('c', 'other')], new Map(), random);
      expect(pair?.map((picked) => picked.model_name).sort()).toEqual(['other', 'same']);
    }
    expect(pickAnonymousPair([model('a')], new Map())).toBeUndefined();
    expect(pickAnonymousPair([model('a', 'x'), model('b', 'x')], new Map())).toBeUndefined();
  });
});

describe('the demo models step aside', () => {
  const demos = [model('d1', 'demo-concise', 'demo'), model('d2', 'demo-detailed', 'demo')];

  it('once two different real models can battle on their own, unless the setting keeps them', () => {
    expect(demoModelsRetired(demos, false)).toBe(false);
    expect(anonymousPool([...demos, model('r1')], false).map((row) => row.model_id)).toEqual(['d1', 'd2', 'r1']);
    // One model on two providers is still one model.
    expect(demoModelsRetired([...demos, model('r1', 'same'), model('r2', 'same')], false)).toBe(false);
    const real = [...demos, model('r1'), model('r2')];
    expect(demoModelsRetired(real, false)).toBe(true);
    expect(anonymousPool(real, false).map((row) => row.model_id)).toEqual(['r1', 'r2']);
    expect(demoModelsRetired(real, true)).toBe(false);
    expect(anonymousPool(real, true)).toHaveLength(4);
  });
});
