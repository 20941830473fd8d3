import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { writeReport, type Figure } from './lib.js';
import { leaderboardBench } from './leaderboardBench.js';

/** `npm run bench`: every benchmark under bench/, then BENCHMARKS.md. */
const figures: Figure[] = [];
const notes: string[] = ['## Notes', ''];
for (const bench of [leaderboardBench]) {
  const result = await bench();
  figures.push(...result.figures);
  notes.push(...result.notes);
  for (const figure of result.figures) console.log(`${figure.name} [${figure.database}]: ${figure.runs.map((run) => run.toFixed(1)).join(', ')} ${figure.unit}`);
}
writeReport(path.join(PROJECT_ROOT, 'BENCHMARKS.md'), figures, notes);
console.log('BENCHMARKS.md written');
