import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase, type DatabaseHandle } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { createLogger } from '../src/logger.js';
import { Catalog } from '../src/providers/catalog.js';
import { LeaderboardService } from '../src/ratings/leaderboard.js';
import { aggregateVotes } from '../src/ratings/votes.js';
import { startServer } from '../src/server.js';
import type { PostgresServer } from '../test/helpers/postgresServer.js';
import { timeIt, type Figure } from './lib.js';
import { styleControlBench } from './styleControlBench.js';

const MODELS = 100;
const VOTES = 1_000_000;
const ROUNDS = 1_000;
const RUNS = 3;
const logger = createLogger('warn');

/**
 * 1M votes among 100 models with skill-dependent outcomes, written by the database itself
 * (generate_series, seeded), so seeding takes seconds rather than a million round trips.
 */
async function seed(database: DatabaseHandle): Promise<void> {
  await migrate(database.pool, logger);
  const { db } = database;
  await sql`SELECT setseed(0.42)`.execute(db);
  await sql`
    INSERT INTO ai_models (model_name, provider_name, status)
    SELECT 'bench-model-' || lpad(g::text, 3, '0'), 'bench', 'active' FROM generate_series(1, ${MODELS}) g`.execute(db);
  await sql`
    CREATE TEMP TABLE bench_models AS
    SELECT row_number() OVER (ORDER BY model_name) AS n, model_id, (row_number() OVER (ORDER BY model_name))::float8 / ${MODELS} * 3 AS skill
    FROM ai_models WHERE provider_name = 'bench'`.execute(db);
  await sql`
    INSERT INTO comparisons (comparison_id, model1_id, model2_id, mode, model1_time_ms, model2_time_ms, created_at)
    SELECT gen_random_uuid(), a.model_id, b.model_id, CASE WHEN p.r3 < 0.5 THEN 'anonymous' ELSE 'named' END,
           (200 + p.r3 * 800)::int, (200 + p.r4 * 800)::int, now() - (p.g || ' seconds')::interval
    FROM (
      SELECT g, 1 + floor(random() * ${MODELS})::int AS i, 1 + floor(random() * ${MODELS - 1})::int AS j, random() AS r3, random() AS r4
      FROM generate_series(1, ${VOTES}) g
    ) p
    JOIN bench_models a ON a.n = p.i
    JOIN bench_models b ON b.n = CASE WHEN p.j >= p.i THEN p.j + 1 ELSE p.j END`.execute(db);
  await sql`
    INSERT INTO model_votes (comparison_id, winner_model_id, outcome, created_at)
    SELECT c.comparison_id,
           CASE WHEN x.u < 0.1 THEN NULL WHEN x.v < 1 / (1 + exp(b.skill - a.skill)) THEN c.model1_id ELSE c.model2_id END,
           CASE WHEN x.u < 0.1 THEN 'tie' WHEN x.v < 1 / (1 + exp(b.skill - a.skill)) THEN 'model1' ELSE 'model2' END,
           c.created_at
    FROM comparisons c
    JOIN bench_models a ON a.model_id = c.model1_id
    JOIN bench_models b ON b.model_id = c.model2_id
    CROSS JOIN LATERAL (SELECT random() AS u, random() AS v, c.comparison_id AS keep) x`.execute(db);
  // Settled statistics and visibility maps, so no autovacuum competes with the measurements.
  await sql`VACUUM ANALYZE`.execute(db);
}

export async function leaderboardBench(postgres: PostgresServer): Promise<{ figures: Figure[]; notes: string[] }> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_leaderboard');
  await admin.end();
  const targets: Array<[string, () => Promise<DatabaseHandle>]> = [
    ['PostgreSQL 15', () => openDatabase({ url: postgres.url('bench_leaderboard') })],
    ['PGlite', () => openDatabase({})],
  ];
  for (const [label, open] of targets) {
    const database = await open();
    try {
      const seeded = await timeIt(() => seed(database));
      notes.push(`- Leaderboard data on ${label}: ${VOTES.toLocaleString('en')} votes among ${MODELS} models seeded in ${(seeded / 1000).toFixed(1)} s.`);
      const catalog = new Catalog(database.db, 60_000);
      const aggregation: number[] = [];
      for (let run = 0; run < RUNS; run++) aggregation.push(await timeIt(() => aggregateVotes(database.db, { blind: false, since: undefined, userId: undefined })));
      // Part of the figure below, shown on its own to say where the time goes.
      figures.push({ name: 'leaderboard: of which vote aggregation (running totals)', unit: 'ms', runs: aggregation, database: label });
      const service = new LeaderboardService(database.db, catalog, { rounds: ROUNDS, seed: 42, freshnessMs: 60_000 });
      const everything = { blind: false, since: undefined, userId: undefined };
      const first = await timeIt(() => service.leaderboard('bt', everything));
      notes.push(`- ${label}: the first leaderboard after start-up took ${first.toFixed(0)} ms (it also starts the bootstrap worker threads).`);
      // As after a new vote: the cached result is invalidated and everything is computed again.
      const cold: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        service.invalidate();
        cold.push(await timeIt(() => service.leaderboard('bt', everything)));
      }
      await service.close();
      figures.push({ name: `leaderboard: 1M votes, 100 models, aggregation + BT fit + ${ROUNDS} bootstrap rounds`, unit: 'ms', runs: cold, target: 1000, database: label });

      // A cached read through the whole HTTP stack.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-bench-'));
      const server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), logger, { database });
      try {
        await (await fetch(`${server.url}/api/leaderboard`)).json();
        const cached: number[] = [];
        for (let run = 0; run < 20; run++) cached.push(await timeIt(async () => (await fetch(`${server.url}/api/leaderboard`)).json()));
        figures.push({ name: 'leaderboard: cached read over HTTP', unit: 'ms', runs: cached, target: 20, database: label });
      } finally {
        await server.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    } finally {
      await database.close();
    }
  }
  const style = await styleControlBench();
  return { figures: [...figures, ...style.figures], notes: [...notes, ...style.notes] };
}
