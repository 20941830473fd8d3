import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { KeyCipher } from './keyCrypto.js';

export interface KeyLabel {
  key_id: string;
  provider_name: string;
  display_mask: string | null;
}

export interface RotationSurvey {
  total: number;
  /** Decryptable, but under a secret other than the first: rotation re-encrypts these. */
  stale: KeyLabel[];
  /** No configured secret opens them: rotation leaves them as they are. */
  undecryptable: KeyLabel[];
}

type KeyRow = KeyLabel & { api_key: string };

function survey(rows: KeyRow[], cipher: KeyCipher): RotationSurvey & { staleRows: KeyRow[] } {
  const staleRows: KeyRow[] = [];
  const undecryptable: KeyLabel[] = [];
  for (const row of rows) {
    if (cipher.isCurrent(row.api_key)) continue;
    const label = { key_id: row.key_id, provider_name: row.provider_name, display_mask: row.display_mask };
    try {
      cipher.decrypt(row.api_key);
      staleRows.push(row);
    } catch {
      undecryptable.push(label);
    }
  }
  return { total: rows.length, stale: staleRows.map(({ api_key: _, ...label }) => label), undecryptable, staleRows };
}

const COLUMNS = ['key_id', 'provider_name', 'display_mask', 'api_key'] as const;

/** What `rotateKeys` would do now, without changing anything. */
export async function surveyKeys(db: Kysely<Database>, cipher: KeyCipher): Promise<RotationSurvey> {
  const { staleRows: _, ...result } = survey(await db.selectFrom('provider_api_keys').select(COLUMNS).execute(), cipher);
  return result;
}

/**
 * Re-encrypts every key that is not under the cipher's first secret, in one transaction with
 * the key rows locked, so an admin's concurrent change to a key waits rather than being lost.
 * Servers keep working throughout: each holds every secret of the list, and its key pool
 * re-reads the new ciphertexts on its next refresh.
 */
export async function rotateKeys(db: Kysely<Database>, cipher: KeyCipher): Promise<RotationSurvey> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('provider_api_keys').select(COLUMNS).orderBy('key_id').forUpdate().execute();
    const { staleRows, ...result } = survey(rows, cipher);
    for (const row of staleRows) {
      await trx.updateTable('provider_api_keys').set({ api_key: cipher.encrypt(cipher.decrypt(row.api_key)) }).where('key_id', '=', row.key_id).execute();
    }
    return result;
  });
}
