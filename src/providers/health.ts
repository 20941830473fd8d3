import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { KeyCipher } from './keyCrypto.js';
import { allKeysWithCiphertext, listProviders } from './registry.js';

export type KeyHealth = 'healthy' | 'failing' | 'cooling' | 'inactive' | 'undecryptable';

/** One word for a key's state, most severe first. */
export function keyHealth(key: { is_active: boolean; failure_count: number; cooldown_until: Date | null }, decryptable: boolean, now: number): KeyHealth {
  if (!decryptable) return 'undecryptable';
  if (!key.is_active) return 'inactive';
  if (key.cooldown_until && key.cooldown_until.getTime() > now) return 'cooling';
  return key.failure_count > 0 ? 'failing' : 'healthy';
}

/** The admin health view: per provider and key, calls, failures, last error and cooldown left. */
export async function providerHealth(db: Kysely<Database>, cipher: KeyCipher, now = Date.now()) {
  const [providers, keys] = await Promise.all([listProviders(db), allKeysWithCiphertext(db)]);
  return providers.map((provider) => {
    const own = keys
      .filter((key) => key.provider_name === provider.provider_name)
      .map(({ api_key, ...key }) => {
        let decryptable = true;
        try {
          cipher.decrypt(api_key);
        } catch {
          decryptable = false;
        }
        const cooldownLeft = key.cooldown_until ? Math.max(0, key.cooldown_until.getTime() - now) : 0;
        return { ...key, decryptable, health: keyHealth(key, decryptable, now), cooldown_remaining_ms: cooldownLeft };
      });
    const count = (health: KeyHealth) => own.filter((key) => key.health === health).length;
    return {
      provider,
      keys: own,
      summary: {
        total: own.length,
        healthy: count('healthy'),
        failing: count('failing'),
        cooling: count('cooling'),
        inactive: count('inactive'),
        undecryptable: count('undecryptable'),
        calls: own.reduce((sum, key) => sum + key.total_calls, 0),
      },
    };
  });
}
