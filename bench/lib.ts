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

/** Taken when the benchmarks start: figures from a busy machine say so. */
const loadAtStart = os.loadavg()[0] ?? 0;

const format = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** Rewrites BENCHMARKS.md with every figure, its range, and whether it met its target. */
export function writeReport(file: string, figures: Figure[], notes: string[]): void {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`; do not edit by hand. Each figure is the median of its runs, with the',
    'range (min–max) beside it.',
    '',
    `- Machine: ${machine()}`,
    `- Date: ${new Date().toISOString()}`,
    `- Commit: ${commit()}`,
    `- Load average (1 min) when the run started and ended: ${loadAtStart.toFixed(2)}, ${os.loadavg()[0]?.toFixed(2)} (anything much above 0 means something else shared the 2 cores)`,
    '',
    '| benchmark | database | median | min–max | runs | target | met |',
    '|---|---|---|---|---|---|---|',
    ...figures.map((figure) => {
      const value = median(figure.runs);
      const target = figure.target === undefined ? '—' : `${figure.atLeast ? '≥' : '≤'} ${figure.target} ${figure.unit}`;
      const met =
        figure.target === undefined
          ? '—'
          : (figure.atLeast ? value >= figure.target : value <= figure.target)
            ? 'yes'
            : `**no** (${format(Math.abs(value - figure.target))} ${figure.unit} ${figure.atLeast ? 'short' : 'over'})`;
      return `| ${figure.name} | ${figure.database} | ${format(value)} ${figure.unit} | ${format(Math.min(...figure.runs))}–${format(Math.max(...figure.runs))} | ${figure.runs.length} | ${target} | ${met} |`;
    }),
    '',
    ...notes,
    '',
  ];
  fs.writeFileSync(file, lines.join('\n'));
}
