import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import { isMigrated, loadMigrations } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import type { ProviderAdapter } from '../../providers/adapter.js';
import { createAdapters } from '../../providers/adapters.js';
import { classifyError, ProviderError } from '../../providers/errors.js';
import type { KeyCipher } from '../../providers/keyCrypto.js';
import { allKeysWithCiphertext, listModels, listProviders } from '../../providers/registry.js';
import { createKeyCipher } from '../../providers/service.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { openConfiguredDatabase } from '../database.js';
import { print } from '../output.js';
import { formatTable } from '../table.js';

/** One GET {base URL}/models per key: an upstream slower than this is reported, not waited for. */
const PROBE_TIMEOUT_MS = 5_000;

interface Check {
  provider: string;
  key: string;
  result: string;
  ok: boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeDatabase(config: Config): string {
  // Host and database name only: the URL may carry a password.
  if (!config.DATABASE_URL) return `embedded, in ${config.DATA_DIR}`;
  const url = new URL(config.DATABASE_URL);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}

async function probe(provider: string, key: string, adapter: ProviderAdapter, baseURL: string | undefined, apiKey: string | undefined): Promise<Check> {
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  try {
    const models = await adapter.listModels({ baseURL, apiKey, signal });
    return { provider, key, ok: true, result: `ok (${models.length} models)` };
  } catch (error) {
    const failure = signal.aborted
      ? new ProviderError('timeout', 'timeout', `no answer within ${PROBE_TIMEOUT_MS} ms`)
      : classifyError(error);
    // Some upstreams quote the key they rejected; the table shows only its mask.
    const message = apiKey ? failure.message.replaceAll(apiKey, key) : failure.message;
    return { provider, key, ok: false, result: `${failure.category}: ${message}` };
  }
}

/** Every key of every enabled provider, probed concurrently through the provider's adapter. */
async function checkProviders(db: Kysely<Database>, cipher: KeyCipher): Promise<Check[]> {
  const adapterFor = createAdapters({ demoDelayMs: 0 });
  const [providers, keys, models] = await Promise.all([listProviders(db), allKeysWithCiphertext(db), listModels(db)]);
  const perProvider = providers.map(async (provider): Promise<Check[]> => {
    const name = provider.provider_name;
    if (!provider.is_enabled) return [{ provider: name, key: '-', ok: true, result: 'skipped: provider disabled' }];
    const adapter = adapterFor(name);
    // As in discovery: the provider's base URL, else the api_url its models carry.
    const baseURL = provider.base_url ?? models.find((model) => model.provider_name === name && model.api_url)?.api_url ?? undefined;
    const own = keys.filter((key) => key.provider_name === name);
    if (own.length === 0) {
      if (adapter.requiresKey) return [{ provider: name, key: '-', ok: true, result: 'skipped: no API key' }];
      return [await probe(name, '(no key)', adapter, baseURL, undefined)];
    }
    return Promise.all(
      own.map((key) => {
        const label = `${key.display_mask ?? key.key_id}${key.is_active ? '' : ' (inactive)'}`;
        let apiKey: string;
        try {
          apiKey = cipher.decrypt(key.api_key);
        } catch (error) {
          return { provider: name, key: label, ok: false, result: `undecryptable: ${errorMessage(error)}` };
        }
        return probe(name, label, adapter, baseURL, apiKey);
      }),
    );
  });
  return (await Promise.all(perProvider)).flat();
}

/** Exit code 1 when anything is wrong: usable as a deployment's post-start check. */
export const doctorCommand: Command = async (args, { config }) => {
  parseCommand('doctor', args, {}, []);
  let cipher: KeyCipher;
  try {
    cipher = createKeyCipher(config);
  } catch (error) {
    print(`configuration: the key-encryption secret is unusable: ${errorMessage(error)}`);
    return 1;
  }
  print(`configuration: ok (AUTH_MODE=${config.AUTH_MODE}, database ${describeDatabase(config)})`);

  let database;
  try {
    database = await openConfiguredDatabase(config);
    await database.pool.query('SELECT 1');
  } catch (error) {
    print(`database: unreachable: ${errorMessage(error)}`);
    await database?.close();
    return 1;
  }
  try {
    const migrations = loadMigrations();
    const migrated = await isMigrated(database.pool, migrations).catch((error: unknown) => {
      // 42P01: schema_migrations does not exist yet, nothing was ever applied.
      if ((error as { code?: string }).code === '42P01') return false;
      throw error;
    });
    if (!migrated) {
      print('database: reachable, but migrations are pending: run `dualmind migrate` (providers not checked)');
      return 1;
    }
    print(`database: ok (all ${migrations.length} migrations applied)`);

    const checks = await checkProviders(database.db, cipher);
    print('');
    print(formatTable(['provider', 'key', 'result'], checks.map((check) => [check.provider, check.key, check.result])));
    const failed = checks.filter((check) => !check.ok).length;
    print('');
    print(failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
    return failed === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
};
