import { loadMigrations, migrate } from '../../db/migrate.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { openConfiguredDatabase } from '../database.js';
import { print } from '../output.js';

export const migrateCommand: Command = async (args, { config, logger }) => {
  parseCommand('migrate', args, {}, []);
  const migrations = loadMigrations();
  const database = await openConfiguredDatabase(config);
  try {
    const applied = new Set(await migrate(database.pool, logger, migrations));
    if (applied.size === 0) {
      print(`Nothing to apply: all ${migrations.length} migrations are already applied.`);
      return 0;
    }
    for (const migration of migrations) {
      if (applied.has(migration.version)) print(`applied ${migration.version}_${migration.name}`);
    }
    print(`Applied ${applied.size} migration${applied.size === 1 ? '' : 's'}.`);
    return 0;
  } finally {
    await database.close();
  }
};
