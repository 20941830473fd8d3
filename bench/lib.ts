import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** One measured figure: the median of its runs, with the range, against its target. */
export interface Figure {
  name: string;
  unit: string;
  runs: number[];
  /** The figure meets its target when it is at most this (at least, with `atLeast`); none for figures that only explain others. */
  target?: number;
  atLeast?: boolean;
  database: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export async function timeIt(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.version}`;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const format = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function row(figure: Figure): string {
  const value = median(figure.runs);
  const target = figure.target === undefined ? '—' : `${figure.atLeast ? '≥' : '≤'} ${figure.target} ${figure.unit}`;
  const met =
    figure.target === undefined
      ? '—'
      : (figure.atLeast ? value >= figure.target : value <= figure.target)
        ? 'yes'
        : `**no** (${format(Math.abs(value - figure.target))} ${figure.unit} ${figure.atLeast ? 'short' : 'over'})`;
  return `| ${figure.name} | ${figure.database} | ${format(value)} ${figure.unit} | ${format(Math.min(...figure.runs))}–${format(Math.max(...figure.runs))} | ${figure.runs.length} | ${target} | ${met} |`;
}

/** What one benchmark of a run measured, and on what: each section of the report says its own. */
export interface Section {
  bench: string;
  title: string;
  figures: Figure[];
  notes: string[];
  /** Load average (1 min) when the benchmark started and when it ended. */
  load: [number, number];
}

const opening = (bench: string) => `<!-- bench:${bench} -->`;
const closing = (bench: string) => `<!-- /bench:${bench} -->`;

function renderSection(section: Section): string {
  return [
    opening(section.bench),
    `## ${section.title} (\`npm run bench -- ${section.bench}\`)`,
    '',
    `- Commit ${commit()}, ${new Date().toISOString()}; ${machine()}`,
    `- Load average (1 min) when it started and ended: ${section.load[0].toFixed(2)}, ${section.load[1].toFixed(2)} (anything much above 0 means something else shared the cores)`,
    '',
    ...(section.figures.length > 0 ? ['| benchmark | database | median | min–max | runs | target | met |', '|---|---|---|---|---|---|---|', ...section.figures.map(row), ''] : []),
    // A benchmark's own headings sit under its section's.
    ...section.notes.map((line) => line.replace(/^## /, '### ')),
    closing(section.bench),
  ].join('\n');
}

/** The sections of a report written by `writeReport`, by benchmark name, as they stand. */
export function readSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const match of text.matchAll(/^<!-- bench:([\w-]+) -->$[\s\S]*?^<!-- \/bench:\1 -->$/gm)) sections.set(match[1] as string, match[0]);
  return sections;
}

/**
 * Writes BENCHMARKS.md: the sections of this run replace their namesakes, the others stay as
 * the last run of their benchmark left them (with its commit, date and load), in `order`.
 */
export function writeReport(file: string, fresh: Section[], order: string[]): void {
  const kept = fs.existsSync(file) ? readSections(fs.readFileSync(file, 'utf8')) : new Map<string, string>();
  for (const section of fresh) kept.set(section.bench, renderSection(section));
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`; do not edit by hand. `npm run bench` rewrites every section and',
    '`npm run bench -- <name>` only its own, so each section says which commit, when, on what',
    'machine and under what load it was measured. Each figure is the median of its runs, with the',
    'range (min–max) beside it.',
    '',
    ...order.flatMap((bench) => {
      const section = kept.get(bench);
      return section ? [section, ''] : [];
    }),
  ];
  fs.writeFileSync(file, lines.join('\n'));
}
