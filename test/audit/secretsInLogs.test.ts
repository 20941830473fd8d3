import fs from 'node:fs';
import path from 'node:path';
import { expect, inject, it } from 'vitest';

/** Every test API key contains this marker (see test/providers and test/admin). */
const TEST_KEY_MARKER = 'dualmind-test-';

it('no test API key appears in any log line of the whole suite', () => {
  const dir = inject('testLogDir');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  let lines = 0;
  let keyEvents = 0;
  const leaks: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const line of text.split('\n')) {
      if (!line) continue;
      lines += 1;
      if (line.includes('"key_mask":"gsk_…')) keyEvents += 1;
      if (line.includes(TEST_KEY_MARKER)) leaks.push(`${file}: ${line.slice(0, 300)}`);
    }
  }
  // The audit means something only if the suite logged, and logged about keys.
  expect(lines).toBeGreaterThan(20);
  expect(keyEvents).toBeGreaterThan(0);
  expect(leaks).toEqual([]);
});
