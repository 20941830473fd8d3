import fs from 'node:fs/promises';
import { z } from 'zod';
import { cliActor, recordAudit } from '../../audit/log.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { createModel } from '../../providers/registry.js';
import { createModelSchema } from '../../providers/schemas.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { withMigratedDatabase } from '../database.js';
import { UsageError } from '../errors.js';
import { print } from '../output.js';

const modelFileSchema = z.array(createModelSchema);

/** The whole file is checked before anything is written: a typo in entry 40 leaves no half import. */
async function readModelFile(file: string): Promise<z.infer<typeof modelFileSchema>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`models import: cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [index, ...field] = issue?.path ?? [];
    const where = index === undefined ? 'the file' : `entry ${String(index)}${field.length > 0 ? ` ${field.join('.')}` : ''}`;
    throw new ValidationError(`${file}: ${where} ${issue?.message ?? 'is invalid'} (expected an array of {model_name, provider_name, api_url?, description?, status?})`);
  }
  return parsed.data;
}

/** Creates the models of a JSON file; ones that exist are skipped, so the file can be re-imported. */
export const importModelsCommand: Command = async (args, { config, logger }) => {
  const { positionals } = parseCommand('models import', args, {}, ['file']);
  const [file = ''] = positionals;
  const entries = await readModelFile(file);
  return withMigratedDatabase(config, logger, async ({ db }) => {
    const counts = { created: 0, skipped: 0, failed: 0 };
    for (const entry of entries) {
      const name = `${entry.provider_name}/${entry.model_name}`;
      try {
        await createModel(db, entry, null);
        counts.created += 1;
        print(`created ${name}`);
      } catch (error) {
        if (error instanceof ConflictError) {
          counts.skipped += 1;
          print(`skipped ${name} (already exists)`);
        } else if (error instanceof NotFoundError) {
          counts.failed += 1;
          print(`failed  ${name}: ${error.message}`);
        } else {
          throw error;
        }
      }
    }
    await recordAudit(db, { actor: cliActor(), action: 'models.import', target: file, details: { ...counts } });
    print(`${counts.created} created, ${counts.skipped} skipped (already exist), ${counts.failed} failed.`);
    return counts.failed === 0 ? 0 : 1;
  });
};
