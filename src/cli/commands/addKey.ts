import { cliActor, recordAudit } from '../../audit/log.js';
import { addKey } from '../../providers/registry.js';
import { addKeySchema } from '../../providers/schemas.js';
import { createKeyCipher } from '../../providers/service.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { withMigratedDatabase } from '../database.js';
import { UsageError } from '../errors.js';
import { readStdin } from '../input.js';
import { print } from '../output.js';

/** `add-key <provider> -` reads the key from stdin, so it stays out of shell history and `ps`. */
export const addKeyCommand: Command = async (args, { config, logger }) => {
  const { positionals } = parseCommand('add-key', args, {}, ['provider', 'key']);
  const [provider = '', given = ''] = positionals;
  const parsed = addKeySchema.shape.api_key.safeParse(given === '-' ? await readStdin() : given);
  // The key itself is never echoed, not even in the error.
  if (!parsed.success) throw new UsageError(`add-key: the key ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  const cipher = createKeyCipher(config);
  const row = await withMigratedDatabase(config, logger, async ({ db }) => {
    const added = await addKey(db, cipher, provider, parsed.data, null);
    await recordAudit(db, { actor: cliActor(), action: 'providers.keys.create', target: provider, details: { result: { key_id: added.key_id, provider_name: added.provider_name, display_mask: added.display_mask } } });
    return added;
  });
  print(`Added key ${row.display_mask} to ${row.provider_name} (key id ${row.key_id}).`);
  return 0;
};
