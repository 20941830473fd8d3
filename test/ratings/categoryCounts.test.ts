import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { seededRandom } from '../../src/random.js';
import { aggregateByCategory } from '../../src/ratings/categoryVotes.js';
import { aggregateVotes, type HygieneOptions, type VoteAggregate, type VoteFilter } from '../../src/ratings/votes.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/testDatabase.js';

const logger = createLogger('silent');
const LANGUAGES = ['en', 'de', 'fr'];
const LABELS = ['math', 'hard_prompt'];

/** Rows in a fixed order, so two aggregations of the same votes compare equal. */
const sorted = (aggregate: VoteAggregate) => ({
  excluded: aggregate.excluded,
  rows: [...aggregate.rows].sort((p, q) => `${p.a}${p.b}${p.outcome}`.localeCompare(`${q.a}${q.b}${q.outcome}`)),
});

/**
 * The per-category running totals (migration 0026) against the votes themselves: the fast path
 * (no time window) must give exactly what the slow one (`since` before every vote) gives, for the
 * overview and for one category or language, blind or not, with every hygiene rule, on votes that
 * existed before the migration and after votes are cast, changed and deleted, and comparisons
 * get their facts and labels late, lose them or change them.
 */
describe.each(DATABASE_KINDS)('per-category vote totals on %s', (kind) => {
  let database: TestDatabase;
  const random = seededRandom(14);
  const models = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const user = randomUUID();
  const comparisons: string[] = [];
  const votes: string[] = [];
  let minute = 0;
  const query = (text: string, values: unknown[] = []) => database.handle.pool.query(text, values);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;

  async function features(comparisonId: string, facts: { coding?: boolean; language?: string | null; leak?: boolean } = {}) {
    await query(
      `INSERT INTO comparison_features (comparison_id, features_version, model1_tokens, model2_tokens, model1_headers, model2_headers, model1_lists, model2_lists, model1_bold, model2_bold,
         conv_metadata, prompt_tokens, prompt_hash, is_coding, is_long_query, is_multi_turn, language, identity_leak)
       VALUES ($1, 1, 10, 20, 0, 1, 0, 2, 1, 0, '{}', 5, $2, $3, $4, $5, $6, $7)`,
      [comparisonId, `prompt-${comparisons.indexOf(comparisonId) % 7}`, facts.coding ?? random() < 0.4, random() < 0.2, random() < 0.3, facts.language === undefined ? pick([...LANGUAGES, null]) : facts.language, facts.leak ?? random() < 0.2],
    );
  }

  /** A comparison with a vote (and, usually, its facts and a label); some anonymous, some failed, some not votes on a pair. */
  async function battle(options: { withFacts: boolean }) {
    const comparisonId = randomUUID();
    comparisons.push(comparisonId);
    const [a, b] = [pick(models), pick(models)];
    const failed = random() < 0.1;
    await query('INSERT INTO comparisons (comparison_id, user_id, model1_id, model2_id, mode, model1_response, model2_response, model1_time_ms, model2_time_ms, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
      comparisonId,
      user,
      a,
      b,
      random() < 0.5 ? 'anonymous' : 'named',
      'one',
      failed ? '' : 'two',
      random() < 0.8 ? Math.floor(random() * 900) : null,
      Math.floor(random() * 900),
      new Date(Date.UTC(2026, 2, 1, 0, minute)),
    ]);
    if (options.withFacts && random() < 0.85) await features(comparisonId);
    if (random() < 0.5) await query('INSERT INTO comparison_labels (comparison_id, category, value) VALUES ($1, $2, $3)', [comparisonId, pick(LABELS), random() < 0.7]);
    const outcome = pick(['model1', 'model2', 'tie', 'both_bad', 'model1']);
    // One vote in ten names a winner that is neither model: not a vote on a pair.
    const winner = random() < 0.1 ? pick(models.filter((model) => model !== a && model !== b).concat(a)) : outcome === 'model1' ? a : outcome === 'model2' ? b : null;
    const voteId = randomUUID();
    await query('INSERT INTO model_votes (vote_id, user_id, comparison_id, winner_model_id, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [voteId, user, comparisonId, winner, outcome, new Date(Date.UTC(2026, 2, 1, 0, minute++))]);
    votes.push(voteId);
  }

  const views: VoteFilter[] = [
    { blind: false, since: undefined, userId: undefined },
    { blind: true, since: undefined, userId: undefined },
    { blind: false, since: undefined, userId: undefined, category: 'coding' },
    { blind: true, since: undefined, userId: undefined, category: 'math' },
    { blind: false, since: undefined, userId: undefined, language: 'de' },
    { blind: true, since: undefined, userId: undefined, language: 'en' },
  ];
  const rules = (): HygieneOptions[] => [
    { decided: {}, identityLeak: false },
    { decided: { duplicate: votes.filter((_, n) => n % 5 === 1), daily_cap: votes.filter((_, n) => n % 7 === 3) }, identityLeak: true },
  ];
  /** Everything from before any vote: the same votes, read one by one. */
  const slow = (filter: VoteFilter): VoteFilter => ({ ...filter, since: new Date(Date.UTC(2026, 0, 1)) });

  async function expectFastEqualsSlow() {
    let categories = 0;
    for (const hygiene of rules()) {
      for (const view of views.slice(0, 2)) {
        const [fast, reference] = await Promise.all([aggregateByCategory(database.handle.db, view, hygiene), aggregateByCategory(database.handle.db, slow(view), hygiene)]);
        expect([...fast.keys()].sort()).toEqual([...reference.keys()].sort());
        for (const [category, aggregate] of reference) expect(sorted(fast.get(category) as VoteAggregate), `${category} ${JSON.stringify(view)}`).toEqual(sorted(aggregate));
        categories += fast.size;
      }
      for (const view of views) {
        const [fast, reference] = await Promise.all([aggregateVotes(database.handle.db, view, hygiene), aggregateVotes(database.handle.db, slow(view), hygiene)]);
        expect(sorted(fast), JSON.stringify(view)).toEqual(sorted(reference));
      }
    }
    return categories;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const migrations = loadMigrations();
    await migrate(database.handle.pool, logger, migrations.filter((migration) => migration.version < '0026'));
    await query('INSERT INTO users (user_id) VALUES ($1)', [user]);
    for (const [n, model] of models.entries()) await query('INSERT INTO ai_models (model_id, model_name) VALUES ($1, $2)', [model, `model-${n}`]);
    for (let n = 0; n < 40; n++) await battle({ withFacts: true });
    await migrate(database.handle.pool, logger, migrations);
  });

  afterAll(async () => {
    await database.close();
  });

  it('counts the votes that existed before the migration', async () => {
    const { rows } = await query('SELECT count(DISTINCT category) AS n, sum(votes) AS votes FROM vote_category_counts');
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(6);
    expect(await expectFastEqualsSlow()).toBeGreaterThanOrEqual(12);
  });

  it('keeps them as votes arrive, change and go, and as comparisons get, lose and change their categories', async () => {
    for (let n = 0; n < 30; n++) await battle({ withFacts: false });
    await expectFastEqualsSlow();
    // Facts computed later by the background pass, for the comparisons that had none.
    const { rows: bare } = await query('SELECT c.comparison_id FROM comparisons c LEFT JOIN comparison_features f USING (comparison_id) WHERE f.comparison_id IS NULL');
    expect(bare.length).toBeGreaterThan(10);
    for (const row of bare) await features(row.comparison_id as string);
    // Labels given, taken back, moved and cleared; a labeller's claim that changes no label.
    await query(`UPDATE comparison_labels SET value = NOT coalesce(value, false) WHERE comparison_id = ANY($1)`, [comparisons.filter((_, n) => n % 3 === 0)]);
    await query(`UPDATE comparison_labels SET category = 'creative_writing' WHERE comparison_id = ANY($1)`, [comparisons.filter((_, n) => n % 4 === 1)]);
    await query(`UPDATE comparison_labels SET retry_at = now(), attempts = 1 WHERE comparison_id = ANY($1)`, [comparisons.filter((_, n) => n % 2 === 0)]);
    await query('DELETE FROM comparison_labels WHERE comparison_id = ANY($1)', [comparisons.filter((_, n) => n % 5 === 2)]);
    await query(`INSERT INTO comparison_labels (comparison_id, category, value) SELECT comparison_id, 'math', true FROM comparisons WHERE comparison_id = ANY($1) ON CONFLICT (comparison_id, category) DO UPDATE SET value = true`, [comparisons.filter((_, n) => n % 6 === 5)]);
    // Facts recomputed (a newer analysis), and one comparison's facts removed.
    await query(`UPDATE comparison_features SET is_coding = NOT is_coding, language = CASE WHEN language = 'de' THEN 'fr' ELSE 'de' END, identity_leak = NOT identity_leak WHERE comparison_id = ANY($1)`, [comparisons.filter((_, n) => n % 3 === 1)]);
    await query('DELETE FROM comparison_features WHERE comparison_id = $1', [comparisons[4]]);
    // Votes changed (another outcome, a user removed) and deleted.
    await query(`UPDATE model_votes SET outcome = 'tie', winner_model_id = NULL WHERE vote_id = ANY($1)`, [votes.filter((_, n) => n % 4 === 0)]);
    await query('UPDATE model_votes SET user_id = NULL WHERE vote_id = ANY($1)', [votes.filter((_, n) => n % 9 === 0)]);
    await query('DELETE FROM model_votes WHERE vote_id = ANY($1)', [votes.filter((_, n) => n % 8 === 7)]);
    expect(await expectFastEqualsSlow()).toBeGreaterThanOrEqual(12);
    // No row was deleted by the totals: every remaining vote is still there.
    const { rows } = await query('SELECT count(*) AS n FROM model_votes');
    expect(Number(rows[0].n)).toBe(votes.length - votes.filter((_, n) => n % 8 === 7).length);
  });

  it('leaves nothing behind when every vote is gone', async () => {
    await query('DELETE FROM model_votes');
    const { rows } = await query('SELECT count(*) AS n FROM vote_category_counts WHERE votes <> 0 OR time_a_sum <> 0 OR time_a_count <> 0 OR time_b_sum <> 0 OR time_b_count <> 0');
    expect(Number(rows[0].n)).toBe(0);
  });
});
