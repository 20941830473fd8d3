import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { readSections, writeReport, type Section } from '../../bench/lib.js';

const ORDER = ['gateway', 'leaderboard', 'evals'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
const file = path.join(dir, 'BENCHMARKS.md');
afterEach(() => fs.rmSync(file, { force: true }));

const section = (bench: string, median: number, note: string): Section => ({
  bench,
  title: `The ${bench} benchmark`,
  figures: [{ name: `${bench}: a figure`, unit: 'ms', runs: [median - 1, median, median + 5], target: 10, database: 'PGlite' }],
  notes: ['## Notes', '', note],
  load: [0.25, 1.5],
});

it('rewrites only the sections of a partial run, keeps the others as they were, in the benchmarks’ order', () => {
  writeReport(file, [section('leaderboard', 4, '- leaderboard note')], ORDER);
  writeReport(file, [section('gateway', 12, '- first gateway note')], ORDER);
  const before = readSections(fs.readFileSync(file, 'utf8'));
  writeReport(file, [section('gateway', 3, '- second gateway note')], ORDER);
  const text = fs.readFileSync(file, 'utf8');
  const after = readSections(text);

  expect([...after.keys()]).toEqual(['gateway', 'leaderboard']);
  expect(after.get('leaderboard')).toBe(before.get('leaderboard'));
  const gateway = after.get('gateway') ?? '';
  expect(gateway).toContain('| gateway: a figure | PGlite | 3.0 ms | 2.0–8.0 | 3 | ≤ 10 ms | yes |');
  expect(gateway).toContain('- second gateway note');
  expect(text).not.toContain('first gateway note');
  // Each section carries its own provenance, and a benchmark's headings sit under its own.
  expect(gateway).toMatch(/^- Commit \S+, \d{4}-\d\d-\d\dT.*Node\.js v\d+/m);
  expect(gateway).toContain('when it started and ended: 0.25, 1.50');
  expect(gateway).toContain('### Notes');
  expect(after.get('leaderboard')).toContain('| leaderboard: a figure | PGlite | 4.0 ms | 3.0–9.0 | 3 | ≤ 10 ms | yes |');
});

it('says by how much a figure misses its target', () => {
  writeReport(file, [section('evals', 14, '- evals')], ORDER);
  expect(fs.readFileSync(file, 'utf8')).toContain('| evals: a figure | PGlite | 14.0 ms | 13.0–19.0 | 3 | ≤ 10 ms | **no** (4.0 ms over) |');
});
