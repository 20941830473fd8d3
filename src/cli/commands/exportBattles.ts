import fs from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { exportBattles } from '../../ratings/battles.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { withMigratedDatabase } from '../database.js';
import { note, print } from '../output.js';

/** Every vote as FastChat battle lines, streamed with back-pressure so memory stays flat. */
export const exportBattlesCommand: Command = async (args, { config, logger }) => {
  const { values } = parseCommand('export-battles', args, { out: { type: 'string' } }, []);
  const out = values.out === undefined ? process.stdout : fs.createWriteStream(values.out);
  // A file that cannot be created fails here (once rejects on 'error'), before the database opens.
  if (out !== process.stdout) await once(out, 'open');
  const count = await withMigratedDatabase(config, logger, async ({ db }) => {
    let lines = 0;
    for await (const line of exportBattles(db)) {
      lines += 1;
      if (!out.write(line)) await once(out, 'drain');
    }
    return lines;
  });
  if (out === process.stdout) {
    // stdout carries the data: the count goes to stderr.
    note(`Exported ${count} battles.`);
  } else {
    out.end();
    await finished(out);
    print(`Exported ${count} battles to ${values.out}.`);
  }
  return 0;
};
