import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { SeededRandom } from '../src/random.js';
import { createRoundsPool } from '../src/ratings/roundsPool.js';
import { STYLE_FEATURES, styleControlWithIntervals, type StyleBattles, type StyleControlFit } from '../src/ratings/styleControl.js';
import { median, timeIt, type Figure } from './lib.js';

const MODELS = 100;
const BATTLES = 1_000_000;
const CHECK_BATTLES = 100_000;
const ROUNDS = 1_000;
const RUNS = 3;
const PEER_ROUNDS = 10;
/** Debian's Python, where python3-numpy and python3-scipy install (scripts/ensure-system-packages.mjs --bench). */
const PYTHON = '/usr/bin/python3';
const LABEL = 'in memory';

/**
 * Battles among 100 models whose answers differ in length and formatting per model, and where
 * longer answers win more often than the models' strengths say (2 log-odds per unit of
 * (a−b)/(a+b+1)); 10% ties. Seeded.
 */
function syntheticBattles(n: number, seed: number): StyleBattles {
  const random = new SeededRandom(seed);
  const strength = Array.from({ length: MODELS }, (_, x) => (x / MODELS) * 3);
  const verbosity = Array.from({ length: MODELS }, () => 200 + random.next() * 800);
  const battles: StyleBattles = { a: new Int32Array(n), b: new Int32Array(n), outcome: new Float64Array(n), featuresA: STYLE_FEATURES.map(() => new Float64Array(n)), featuresB: STYLE_FEATURES.map(() => new Float64Array(n)) };
  for (let i = 0; i < n; i++) {
    const a = Math.floor(random.next() * MODELS);
    let b = Math.floor(random.next() * (MODELS - 1));
    if (b >= a) b += 1;
    battles.a[i] = a;
    battles.b[i] = b;
    const tokensA = Math.round((verbosity[a] as number) * (0.5 + random.next()));
    const tokensB = Math.round((verbosity[b] as number) * (0.5 + random.next()));
    (battles.featuresA[0] as Float64Array)[i] = tokensA;
    (battles.featuresB[0] as Float64Array)[i] = tokensB;
    for (let k = 1; k < STYLE_FEATURES.length; k++) {
      (battles.featuresA[k] as Float64Array)[i] = Math.floor(random.next() * (tokensA / 100));
      (battles.featuresB[k] as Float64Array)[i] = Math.floor(random.next() * (tokensB / 100));
    }
    const z = (strength[a] as number) - (strength[b] as number) + (2 * (tokensA - tokensB)) / (tokensA + tokensB + 1);
    battles.outcome[i] = random.next() < 0.1 ? 0.5 : random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return battles;
}

/** The battles resampled with replacement (FastChat's bootstrap draws battle indexes uniformly). */
function resample(battles: StyleBattles, random: SeededRandom): StyleBattles {
  const n = battles.a.length;
  const out: StyleBattles = { a: new Int32Array(n), b: new Int32Array(n), outcome: new Float64Array(n), featuresA: STYLE_FEATURES.map(() => new Float64Array(n)), featuresB: STYLE_FEATURES.map(() => new Float64Array(n)) };
  for (let row = 0; row < n; row++) {
    const i = Math.floor(random.next() * n);
    out.a[row] = battles.a[i] as number;
    out.b[row] = battles.b[i] as number;
    out.outcome[row] = battles.outcome[i] as number;
    for (let k = 0; k < STYLE_FEATURES.length; k++) {
      (out.featuresA[k] as Float64Array)[row] = (battles.featuresA[k] as Float64Array)[i] as number;
      (out.featuresB[k] as Float64Array)[row] = (battles.featuresB[k] as Float64Array)[i] as number;
    }
  }
  return out;
}

/** Width of the 2.5%–97.5% quantile range (numpy's linear quantiles). */
function percentileWidth(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  const at = (q: number) => {
    const position = (sorted.length - 1) * q;
    const below = Math.floor(position);
    const above = Math.min(below + 1, sorted.length - 1);
    return (sorted[below] as number) + ((sorted[above] as number) - (sorted[below] as number)) * (position - below);
  };
  return at(0.975) - at(0.025);
}

/**
 * Our intervals' widths against a real per-battle bootstrap on the same battles: 1,000 rounds,
 * each a full refit of a resample (on the worker threads, two at a time). Returns the width
 * ratios (ours / the bootstrap's): the 100 ratings, then the 4 coefficients.
 */
async function intervalCheck(run: ReturnType<typeof createRoundsPool>['run']): Promise<{ ratios: number[]; seconds: number }> {
  const battles = syntheticBattles(CHECK_BATTLES, 7);
  const ours = await styleControlWithIntervals(MODELS, battles, { rounds: ROUNDS, seed: 42, runChunk: run });
  const random = new SeededRandom(2024);
  const rounds: StyleControlFit[] = [];
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r += 2) {
    const pair = [resample(battles, random), resample(battles, random)];
    rounds.push(...(await Promise.all(pair.map((sample) => styleControlWithIntervals(MODELS, sample, { rounds: 0, seed: 42, runChunk: run })))));
  }
  const seconds = (performance.now() - started) / 1000;
  const ratios: number[] = [];
  for (let x = 0; x < MODELS; x++) ratios.push(((ours.upper[x] as number) - (ours.lower[x] as number)) / percentileWidth(rounds.map((fit) => fit.ratings[x] as number)));
  for (const feature of STYLE_FEATURES) {
    const { ci_lower, ci_upper } = ours.coefficients[feature];
    ratios.push((ci_upper - ci_lower) / percentileWidth(rounds.map((fit) => fit.coefficients[feature].value)));
  }
  return { ratios, seconds };
}

/** The battles as the Python peer reads them: little-endian columns. */
function writeBattles(file: string, battles: StyleBattles): void {
  const columns = [battles.a, battles.b, battles.outcome, ...battles.featuresA, ...battles.featuresB];
  fs.writeFileSync(file, Buffer.concat(columns.map((column) => Buffer.from(column.buffer, column.byteOffset, column.byteLength))));
}

function peerAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import numpy, scipy'], { stdio: 'ignore' }).status === 0;
}

/**
 * Style control on 1M battles among 100 models, fit and 95% intervals, cold (new worker threads)
 * and again; the interval-width check on 100k battles; and the peer: FastChat's algorithm in
 * Python (numpy/scipy, bench/peers/), one fit and 10 bootstrap rounds on two processes.
 */
export async function styleControlBench(): Promise<{ figures: Figure[]; notes: string[] }> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const battles = syntheticBattles(BATTLES, 42);
  const pool = createRoundsPool();
  const ours: number[] = [];
  try {
    let fit: StyleControlFit | undefined;
    const first = await timeIt(async () => (fit = await styleControlWithIntervals(MODELS, battles, { rounds: ROUNDS, seed: 42, runChunk: pool.run })));
    for (let run = 0; run < RUNS; run++) ours.push(await timeIt(() => styleControlWithIntervals(MODELS, battles, { rounds: ROUNDS, seed: 42, runChunk: pool.run })));
    figures.push({ name: 'style control: 1M battles, 100 models, fit + 95% intervals (first, new worker threads)', unit: 'ms', runs: [first], target: 10_000, database: LABEL });
    figures.push({ name: 'style control: 1M battles, 100 models, fit + 95% intervals', unit: 'ms', runs: ours, target: 10_000, database: LABEL });
    const coefficients = (fit as StyleControlFit).coefficients;
    notes.push(`- Style control on 1M synthetic battles (longer answers favoured): coefficients ${STYLE_FEATURES.map((feature) => `${feature} ${coefficients[feature].value.toFixed(4)} [${coefficients[feature].ci_lower.toFixed(4)}, ${coefficients[feature].ci_upper.toFixed(4)}]`).join(', ')}. Timed from battles in memory: reading them from the database is the leaderboard's part.`);

    const check = await intervalCheck(pool.run);
    const ratings = check.ratios.slice(0, MODELS);
    const deviation = (ratio: number) => Math.abs(ratio - 1) * 100;
    figures.push({ name: "style control: 95% interval widths / a 1,000-round per-battle bootstrap's, 100k battles: mean ratio over the 100 ratings, off 1 by", unit: '%', runs: [deviation(ratings.reduce((sum, ratio) => sum + ratio, 0) / MODELS)], target: 10, database: LABEL });
    STYLE_FEATURES.forEach((feature, k) => figures.push({ name: `style control: 95% interval width / that bootstrap's, 100k battles: the ${feature} coefficient's ratio, off 1 by`, unit: '%', runs: [deviation(check.ratios[MODELS + k] as number)], target: 10, database: LABEL }));
    notes.push(
      `- Interval check: on 100,000 battles among 100 models our 95% intervals have on average ${(100 * (ratings.reduce((sum, ratio) => sum + ratio, 0) / MODELS)).toFixed(1)}% of the width of a real 1,000-round per-battle bootstrap whose rounds refit the resampled battles (per rating: median |ratio − 1| ${median(ratings.map(deviation)).toFixed(1)}%, worst ${Math.max(...ratings.map(deviation)).toFixed(1)}%; a 1,000-round bootstrap's own 95% width is uncertain by about 3% (sd) per quantity, so the worst of 100 sits near 8% even for identical methods). That bootstrap took ${check.seconds.toFixed(0)} s on two worker threads.`,
    );
  } finally {
    await pool.close();
  }

  if (!peerAvailable()) {
    notes.push(`- FastChat's style control in Python was not run: ${PYTHON} lacks numpy/scipy (\`node scripts/ensure-system-packages.mjs --bench\` installs python3-numpy and python3-scipy).`);
    return { figures, notes };
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-style-'));
  try {
    const file = path.join(folder, 'battles.bin');
    writeBattles(file, battles);
    const script = path.join(PROJECT_ROOT, 'bench', 'peers', 'fastchat_style_control.py');
    const output = execFileSync(PYTHON, [script, file, String(BATTLES), String(MODELS), String(PEER_ROUNDS), '2'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const peer = JSON.parse(output.trim().split('\n').pop() as string) as { fit_s: number; bootstrap_s: number; coefficients: number[] };
    figures.push({ name: "FastChat's compute_style_control (Python, numpy/scipy): one fit, 1M battles, 100 models", unit: 'ms', runs: [peer.fit_s * 1000], database: LABEL });
    figures.push({ name: `FastChat's style-control bootstrap: ${PEER_ROUNDS} rounds on 2 processes`, unit: 'ms', runs: [peer.bootstrap_s * 1000], database: LABEL });
    const fastchatTotal = peer.fit_s + (peer.bootstrap_s * ROUNDS) / PEER_ROUNDS;
    figures.push({ name: `style control, fit + ${ROUNDS}-round intervals: FastChat's time (fit + ${ROUNDS / PEER_ROUNDS} × its ${PEER_ROUNDS} rounds) / ours`, unit: '×', runs: [(fastchatTotal * 1000) / median(ours)], database: LABEL });
    notes.push(`- Peer: FastChat's algorithm written by us in Python (bench/peers/fastchat_style_control.py; numpy ${execFileSync(PYTHON, ['-c', 'import numpy, scipy; print(numpy.__version__, "/ scipy", scipy.__version__)'], { encoding: 'utf8' }).trim()} from Debian's packages; bench-only). On the same 1M battles one fit took ${peer.fit_s.toFixed(1)} s and ${PEER_ROUNDS} bootstrap rounds ${peer.bootstrap_s.toFixed(1)} s, so fit + ${ROUNDS} rounds ≈ ${(fastchatTotal / 60).toFixed(1)} min against our ${(median(ours) / 1000).toFixed(1)} s for fit + intervals. Its coefficients: ${peer.coefficients.map((value) => value.toFixed(4)).join(', ')} (same objective on the coefficients; its strengths carry a weaker penalty).`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  return { figures, notes };
}
