import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'dist', file), 'utf8');
const HEAVY = [/from ["']gpt-tokenizer/, /from ["']eld/];

describe('the analysis libraries load on the worker thread only', () => {
  it('leaves the tokenizer and the language detector out of the server and CLI bundles, so start-up does not pay for them', () => {
    for (const bundle of ['main.js', 'cli.js']) {
      for (const library of HEAVY) expect(read(bundle)).not.toMatch(library);
    }
  });

  it('puts them in the worker bundle', () => {
    for (const library of HEAVY) expect(read('analysisWorker.js')).toMatch(library);
  });
});
