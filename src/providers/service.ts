import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { UpstreamObserver } from '../metrics.js';
import { parseSecretList, readOrCreateSecret } from '../secrets.js';
import { createAdapters, type AdapterFor } from './adapters.js';
import { Catalog } from './catalog.js';
import { ModelGateway } from './gateway.js';
import { KeyCipher } from './keyCrypto.js';
import { KeyPool } from './keyPool.js';

/** How often batched key successes are written. */
const SUCCESS_FLUSH_MS = 250;
/** How long the model/provider catalog is trusted before it is read again. */
const CATALOG_TTL_MS = 2_000;

export interface Providers {
  catalog: Catalog;
  pool: KeyPool;
  gateway: ModelGateway;
  cipher: KeyCipher;
  adapterFor: AdapterFor;
  stop(): Promise<void>;
}

/** Where the secret generated for an installation without DUALMIND_SECRET_KEY lives, under DATA_DIR. */
export const SECRET_KEY_FILE = 'secret-key';

/**
 * The cipher of provider keys: DUALMIND_SECRET_KEY, else the secrets of DATA_DIR/secret-key
 * (generated on first use; one per line while `rotate-secret` runs).
 */
export function createKeyCipher(config: Pick<Config, 'DUALMIND_SECRET_KEY' | 'DATA_DIR'>): KeyCipher {
  return new KeyCipher(config.DUALMIND_SECRET_KEY ?? parseSecretList(readOrCreateSecret(config.DATA_DIR, SECRET_KEY_FILE)));
}

export async function startProviders(config: Config, db: Kysely<Database>, logger: Logger, observer?: UpstreamObserver): Promise<Providers> {
  const cipher = createKeyCipher(config);
  const adapterFor = createAdapters({ demoDelayMs: config.DEMO_DELAY_MS });
  const catalog = new Catalog(db, CATALOG_TTL_MS);
  const pool = new KeyPool(db, cipher, logger, { refreshMs: config.KEY_POOL_REFRESH_MS, flushMs: SUCCESS_FLUSH_MS });
  await pool.start();
  const gateway = new ModelGateway({
    catalog,
    pool,
    adapterFor,
    logger,
    timeouts: { firstByteMs: config.UPSTREAM_TIMEOUT_MS, idleMs: config.UPSTREAM_IDLE_TIMEOUT_MS, maxWaitMs: config.UPSTREAM_MAX_WAIT_MS },
    observer,
  });
  return { catalog, pool, gateway, cipher, adapterFor, stop: () => pool.stop() };
}
