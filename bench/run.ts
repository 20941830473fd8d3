import os from 'node:os';
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
 * `npm run bench`: every benchmark under bench/, each written to its own section of
 * BENCHMARKS.md. `npm run bench -- gateway profile` runs those two and rewrites only their
 * sections; `npm run bench -- profile` also keeps the .cpuprofile.
 */
const only = process.argv.slice(2);
const benches: Record<string, { title: string; run: Bench }> = {
  gateway: { title: 'Relay and stored turns, beside the Portkey gateway', run: gatewayOnItsOwnDatabase },
  history: { title: 'Turns on long threads', run: historyBench },
  leaderboard: { title: 'Leaderboard and style control, beside FastChat', run: leaderboardBench },
  hygiene: { title: 'Vote hygiene and categories on 1M votes', run: hygieneBench },
  profile: { title: 'Where the relay’s time goes', run: (postgres) => profileBench(postgres, { keepProfile: only.length > 0 }) },
  evals: { title: 'Evaluations', run: evalBench },
};
const unknown = only.filter((name) => !(name in benches));
if (unknown.length > 0) throw new Error(`no benchmark called ${unknown.join(', ')}; there are: ${Object.keys(benches).join(', ')}`);
const selected = only.length > 0 ? only : Object.keys(benches);
const report = path.join(PROJECT_ROOT, 'BENCHMARKS.md');
const postgres = await startPostgresServer();
try {
  for (const name of selected) {
    const { title, run } = benches[name] as { title: string; run: Bench };
    const loadAtStart = os.loadavg()[0] ?? 0;
    const result = await run(postgres);
    for (const figure of result.figures) console.log(`${figure.name} [${figure.database}]: ${figure.runs.map((value) => value.toFixed(2)).join(', ')} ${figure.unit}`);
    console.log(result.notes.join('\n'));
    // Written as each benchmark ends, so a run cut short keeps what it measured.
    writeReport(report, [{ bench: name, title, ...result, load: [loadAtStart, os.loadavg()[0] ?? 0] }], Object.keys(benches));
    console.log(`BENCHMARKS.md: section ${name} written`);
  }
} finally {
  postgres.stop();
}
