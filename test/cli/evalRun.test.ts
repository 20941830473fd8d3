import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { contestantReply, judges } from '../evaluations/support.js';
import { runCli } from './cliProcess.js';

type Target = 'pglite' | 'postgres';

async function freshPostgres(): Promise<string> {
  const name = `dualmind_cli_eval_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return inject('postgresUrl').replace(/\/[^/]*$/, `/${name}`);
}

describe.each<Target>(['pglite', 'postgres'])('dualmind eval run on %s', (target) => {
  let dir: string;
  let env: Record<string, string>;
  let contestants: FakeUpstream;
  let judge: FakeUpstream;

  /** Runs SQL on the CLI's database between CLI runs (the embedded one is free then). */
  async function sqlOn(text: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    const handle = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
    try {
      return (await handle.pool.query(text, values)).rows;
    } finally {
      await handle.close();
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-cli-eval-'));
    env = { DATA_DIR: path.join(dir, 'data'), ...(target === 'postgres' && { DATABASE_URL: await freshPostgres() }) };
    contestants = await FakeUpstream.start({ reply: contestantReply });
    judge = await FakeUpstream.start({ reply: judges.prefers('alpha') });
    const admin = await runCli(['create-admin', '--email', 'cli-admin@example.com', '--password', '-'], env, 'a long enough password\n');
    expect(admin.code, admin.stderr).toBe(0);
    await sqlOn("INSERT INTO providers (provider_name) VALUES ('contest'), ('judging')");
    await sqlOn(
      `INSERT INTO ai_models (model_name, provider_name, api_url) VALUES ('alpha', 'contest', $1), ('beta', 'contest', $1), ('base', 'contest', $1), ('judge', 'judging', $2)`,
      [contestants.baseURL, judge.baseURL],
    );
  });
  afterAll(async () => {
    await Promise.all([contestants.close(), judge.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the file, runs the evaluation with a progress bar on stderr, and prints the results table', async () => {
    const file = path.join(dir, 'prompts.jsonl');
    fs.writeFileSync(file, Array.from({ length: 8 }, (_, index) => JSON.stringify({ id: `c${index}`, prompt: `CLI question ${index}?` })).join('\n'));
    const result = await runCli(['eval', 'run', '--set', file, '--models', 'alpha,beta', '--baseline', 'base', '--judge', 'judge', '--name', 'From the CLI'], env, '', 180_000);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^model\s+win rate\s+95% interval\s+rating\s+consistent W\/L\/T\s+answers\s+avg time\s+cost$/);
    expect(lines[1]).toMatch(/^alpha\s+100\.0%\s+100\.0% – 100\.0%/);
    expect(result.stdout).toMatch(/base \(baseline\)\s+50\.0%/);
    expect(result.stdout).toContain('Verdicts: 32 parsed, 0 unparsed. Position flips: 0.0% of 16 pairs.');
    expect(result.stderr).toMatch(/Evaluation [0-9a-f-]{36}: 8 prompts, 24 answers, 32 judgments\./);
    expect(result.stderr).toMatch(/judgments \|.*\| 32\/32/);
    const runs = await sqlOn("SELECT e.status, s.name FROM evaluations e JOIN prompt_sets s USING (prompt_set_id) WHERE e.name = 'From the CLI'");
    expect(runs).toEqual([{ status: 'done', name: 'From the CLI' }]);
  });

  it('refuses a bad file naming the line and field, and stores nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'prompt,id\nfine,1\n"",2\n');
    const before = await sqlOn('SELECT count(*)::int AS n FROM prompt_sets');
    const result = await runCli(['eval', 'run', '--set', file, '--models', 'alpha', '--baseline', 'base', '--judge', 'judge'], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^dualmind: ${file.replaceAll('.', '\\.')}: line 3: prompt: `));
    expect(await sqlOn('SELECT count(*)::int AS n FROM prompt_sets')).toEqual(before);
  });

  it('names what is missing or unknown', async () => {
    const file = path.join(dir, 'prompts.jsonl');
    const noJudge = await runCli(['eval', 'run', '--set', file, '--models', 'alpha', '--baseline', 'base'], env);
    expect(noJudge.code).toBe(2);
    expect(noJudge.stderr.split('\n')[0]).toBe('dualmind: eval run: --judge <model> is required');
    const unknownModel = await runCli(['eval', 'run', '--set', file, '--models', 'gamma', '--baseline', 'base', '--judge', 'judge'], env);
    expect(unknownModel.code).toBe(1);
    expect(unknownModel.stderr.trim().split('\n').at(-1)).toBe('dualmind: --models: no model named "gamma"');
    const wrongType = await runCli(['eval', 'run', '--set', path.join(dir, 'prompts.txt'), '--models', 'alpha', '--judge', 'judge'], env);
    expect(wrongType.code).toBe(2);
  });
});
