import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../src/paths.js';
import { startPostgresServer, type PostgresServer } from '../test/helpers/postgresServer.js';
import { evalBench } from './evalBench.js';
import { gatewayBench } from './gatewayBench.js';
import { historyBench } from './historyBench.js';
import { hygieneBench } from './hygieneBench.js';
import { writeReport, type Figure } from './lib.js';
import { leaderboardBench } from './leaderboardBench.js';
import { profileBench } from './profileBench.js';

type Bench = (postgres: PostgresServer) => Promise<{ figures: Figure[]; notes: string[] }>;

async function gatewayOnItsOwnDatabase(postgres: PostgresServer) {
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_gateway');
  await admin.end();
  return gatewayBench(postgres.url('bench_gateway'));
}

/**
 * `npm run bench`: every benchmark under bench/, then BENCHMARKS.md. `npm run bench -- gateway`
 * runs one of them and only prints its figures (a partial run must not replace the report);
 * `npm run bench -- profile` also keeps the .cpuprofile.
 */
const only = process.argv.slice(2);
const benches: Record<string, Bench> = {
  gateway: gatewayOnItsOwnDatabase,
  history: historyBench,
  leaderboard: leaderboardBench,
  hygiene: hygieneBench,
  profile: (postgres) => profileBench(postgres, { keepProfile: only.length > 0 }),
  evals: evalBench,
};
const selected = only.length > 0 ? only : Object.keys(benches);
const figures: Figure[] = [];
const notes: string[] = ['## Notes', ''];
const postgres = await startPostgresServer();
try {
  for (const name of selected) {
    const bench = benches[name];
    if (!bench) throw new Error(`no benchmark called ${name}; there are: ${Object.keys(benches).join(', ')}`);
    const result = await bench(postgres);
    figures.push(...result.figures);
    notes.push(...result.notes);
    for (const figure of result.figures) console.log(`${figure.name} [${figure.database}]: ${figure.runs.map((run) => run.toFixed(2)).join(', ')} ${figure.unit}`);
  }
} finally {
  postgres.stop();
}
if (only.length === 0) {
  writeReport(path.join(PROJECT_ROOT, 'BENCHMARKS.md'), figures, notes);
  console.log('BENCHMARKS.md written');
} else {
  console.log(notes.join('\n'));
}
