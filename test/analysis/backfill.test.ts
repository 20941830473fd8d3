import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyser } from '../../src/analysis/analyser.js';
import { FeaturesService } from '../../src/analysis/service.js';
import { FEATURES_VERSION } from '../../src/analysis/rules.js';
import { migrate } from '../../src/db/migrate.js';
import { InteractiveTraffic } from '../../src/jobs/backgroundCalls.js';
import { createLogger } from '../../src/logger.js';
import { pause } from '../../src/pause.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/testDatabase.js';

const logger = createLogger('silent');

/** Comparisons as a deployment from before the features table holds them: texts, no rows. */
async function seedComparisons(database: TestDatabase) {
  const db = database.handle.db;
  const user = await db.insertInto('users').values({ user_id: randomUUID(), email: 'old@example.com' }).returning('user_id').executeTakeFirstOrThrow();
  const [a, b] = await db
    .insertInto('ai_models')
    .values([
      { model_name: 'old-alpha', provider_name: 'groq' },
      { model_name: 'old-beta', provider_name: 'groq' },
    ])
    .returning('model_id')
    .execute();
  const thread = await db.insertInto('threads').values({ user_id: user.user_id, title: 'Old' }).returning('thread_id').executeTakeFirstOrThrow();
  const comparisons: string[] = [];
  const prompts = [
    'Write a haiku about autumn leaves falling',
    'And now one about winter, please, with snow',
    'Schreibe ein Gedicht über den Frühling und die Blumen',
    'Explain this:\n```python\nprint(sum(range(10)))\n```',
    'What is the capital of France?',
    'Tell me about yourself in detail, please',
    'How do rainbows form after a storm?',
  ];
  for (const [index, prompt] of prompts.entries()) {
    const comparisonId = randomUUID();
    const createdAt = new Date(Date.UTC(2025, 0, 1, 12, index));
    await db
      .insertInto('comparisons')
      .values({
        comparison_id: comparisonId,
        user_id: user.user_id,
        prompt_text: prompt,
        model1_id: a?.model_id ?? null,
        model2_id: b?.model_id ?? null,
        model1_response: index === 5 ? 'I am Claude, made by Anthropic.' : `## Answer ${index}\n- one\n- two`,
        model2_response: 'A **plain** answer.',
        created_at: createdAt,
      })
      .execute();
    // The first two turns share a thread; the others have one each.
    const threadId = index <= 1 ? thread.thread_id : (await db.insertInto('threads').values({ user_id: user.user_id }).returning('thread_id').executeTakeFirstOrThrow()).thread_id;
    await db.insertInto('thread_messages').values({ thread_id: threadId, prompt_text: prompt, comparison_id: comparisonId, created_at: createdAt }).execute();
    comparisons.push(comparisonId);
  }
  // Imported without its texts: nothing to analyse.
  const imported = randomUUID();
  await db.insertInto('comparisons').values({ comparison_id: imported, model1_id: a?.model_id ?? null, model2_id: b?.model_id ?? null }).execute();
  return { comparisons, imported };
}

describe.each(DATABASE_KINDS)('the features backfill on %s', (kind) => {
  let database: TestDatabase;
  let seeded: Awaited<ReturnType<typeof seedComparisons>>;
  const service = () => new FeaturesService(database.handle.db, createAnalyser(), logger, { pageSize: 2, batchSize: 2 });
  const rows = () => database.handle.db.selectFrom('comparison_features').selectAll().orderBy('comparison_id').execute();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.handle.pool, logger);
    seeded = await seedComparisons(database);
  });
  afterAll(() => database.close());

  it('resumes from the rows already there: computes only the missing ones and those of an older version', async () => {
    const [done, stale] = seeded.comparisons;
    const first = service();
    // A previous run computed two of them, one under older rules.
    await first.runSweep();
    await first.stop();
    await database.handle.db.deleteFrom('comparison_features').where('comparison_id', 'not in', [done as string, stale as string]).execute();
    await database.handle.db.updateTable('comparison_features').set({ features_version: FEATURES_VERSION - 1 }).where('comparison_id', '=', stale as string).execute();
    const doneBefore = await database.handle.db.selectFrom('comparison_features').select('computed_at').where('comparison_id', '=', done as string).executeTakeFirstOrThrow();

    const second = service();
    expect(await second.runSweep()).toBe(seeded.comparisons.length - 1);
    await second.stop();

    const after = await rows();
    expect(after.map((row) => row.comparison_id).sort()).toEqual([...seeded.comparisons].sort());
    expect(after.every((row) => row.features_version === FEATURES_VERSION)).toBe(true);
    expect(after.find((row) => row.comparison_id === done)?.computed_at).toEqual(doneBefore.computed_at);
  });

  it('labels what the texts say', async () => {
    const byId = new Map((await rows()).map((row) => [row.comparison_id, row]));
    const [haiku, followUp, german, code, , leak] = seeded.comparisons.map((id) => byId.get(id));
    expect(haiku).toMatchObject({ is_multi_turn: false, language: 'en', model1_headers: 1, model1_lists: 2, model2_bold: 1, identity_leak: false, usage_source: 'tokenizer', model1_ttft_ms: null });
    expect(followUp).toMatchObject({ is_multi_turn: true });
    expect(german).toMatchObject({ language: 'de', is_coding: false });
    expect(code).toMatchObject({ is_coding: true });
    expect(leak).toMatchObject({ identity_leak: true });
    expect(byId.has(seeded.imported)).toBe(false);
  });

  it('is idempotent: a second sweep writes nothing and changes nothing', async () => {
    const before = await rows();
    const again = service();
    expect(await again.runSweep()).toBe(0);
    await again.stop();
    expect(await rows()).toEqual(before);
  });

  it('computes a nudged comparison once no chat is in flight on the instance, or after the longest deferral', async () => {
    const [first, second, third] = seeded.comparisons as [string, string, string];
    const row = (id: string) => database.handle.db.selectFrom('comparison_features').select('computed_at').where('comparison_id', '=', id).executeTakeFirst();
    await database.handle.db.deleteFrom('comparison_features').where('comparison_id', 'in', [first, second, third]).execute();

    const traffic = new InteractiveTraffic();
    const endChat = traffic.begin();
    const deferring = new FeaturesService(database.handle.db, createAnalyser(), logger, { interactive: traffic, maxDeferMs: 600_000 });
    deferring.enqueue(first);
    const settled = deferring.settled();
    // While the chat goes on, a service that does not wait computes another comparison from
    // scratch (its worker's start included), and then some: the waiting one computed nothing.
    const eager = new FeaturesService(database.handle.db, createAnalyser(), logger);
    eager.enqueue(second);
    await eager.settled();
    await eager.stop();
    await pause(200, new AbortController().signal);
    expect(await row(second)).toBeDefined();
    expect(await row(first)).toBeUndefined();
    endChat();
    await settled;
    expect(await row(first)).toBeDefined();
    await deferring.stop();

    // A chat that never ends does not hold the work back longer than maxDeferMs.
    traffic.begin();
    const bounded = new FeaturesService(database.handle.db, createAnalyser(), logger, { interactive: traffic, maxDeferMs: 50 });
    bounded.enqueue(third);
    await bounded.settled();
    expect(await row(third)).toBeDefined();
    await bounded.stop();
  });
});
