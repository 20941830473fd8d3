import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { createTestDatabase, DATABASE_KINDS } from '../helpers/testDatabase.js';
import { testLogger } from '../helpers/testLogger.js';

describe.each(DATABASE_KINDS)('migrations 0018 and 0019 onto a lab with data, on %s', (kind) => {
  it('keep a closed sign-up closed under its new name, and give providers a base URL column', async () => {
    const database = await createTestDatabase(kind);
    try {
      const { db, pool } = database.handle;
      const logger = testLogger(`migrations-${kind}`);
      const all = loadMigrations();
      await migrate(pool, logger, all.filter((migration) => migration.version < '0018'));
      await db.updateTable('system_settings').set({ value: 'false' }).where('key', '=', 'signup_open').execute();
      await db.insertInto('providers').values({ provider_name: 'legacy', display_name: 'Legacy' }).execute();

      await migrate(pool, logger, all);
      const settings = await db.selectFrom('system_settings').select(['key', 'value']).where('key', 'like', 'signup%').orderBy('key').execute();
      expect(settings).toEqual([
        { key: 'signup_enabled', value: 'false' },
        { key: 'signup_invite_only', value: 'false' },
      ]);
      const legacy = await db.selectFrom('providers').selectAll().where('provider_name', '=', 'legacy').executeTakeFirstOrThrow();
      expect(legacy).toMatchObject({ display_name: 'Legacy', base_url: null });
      expect(await db.selectFrom('signup_invites').selectAll().execute()).toEqual([]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
