import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KeyDecryptionError extends Error {
  constructor() {
    super('API key cannot be decrypted with this server’s DUALMIND_SECRET_KEY');
    this.name = 'KeyDecryptionError';
  }
}

function toKey(secretBase64: string): Buffer {
  const key = Buffer.from(secretBase64, 'base64');
  if (key.length !== 32) throw new Error('DUALMIND_SECRET_KEY must be 32 bytes, base64-encoded');
  return key;
}

/**
 * AES-256-GCM for provider API keys at rest. Stored form: `v1:` + base64(iv | tag | ciphertext);
 * GCM's tag makes a wrong secret or a tampered row fail loudly instead of decrypting to garbage.
 *
 * Several secrets make rotation possible without a moment where a key is undecryptable: the
 * first encrypts, every one decrypts (the tag tells which one fits, so the stored form needs no
 * key id and rows written before rotation existed stay readable).
 */
export class KeyCipher {
  private readonly keys: Buffer[];

  constructor(secrets: string | readonly string[]) {
    const list = typeof secrets === 'string' ? [secrets] : secrets;
    if (list.length === 0) throw new Error('DUALMIND_SECRET_KEY needs at least one secret');
    this.keys = list.map(toKey);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0] as Buffer, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const opened = this.open(stored);
    if (!opened) throw new KeyDecryptionError();
    return opened.plaintext;
  }

  /** True when `stored` is encrypted under the first secret: rotation leaves such rows alone. */
  isCurrent(stored: string): boolean {
    return this.open(stored)?.keyIndex === 0;
  }

  private open(stored: string): { plaintext: string; keyIndex: number } | undefined {
    if (!stored.startsWith(`${VERSION}:`)) return undefined;
    const raw = Buffer.from(stored.slice(VERSION.length + 1), 'base64');
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    for (const [keyIndex, key] of this.keys.entries()) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const plaintext = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
        return { plaintext, keyIndex };
      } catch {
        // Not this secret (or a tampered row): try the next one.
      }
    }
    return undefined;
  }
}

/**
 * `gsk_…a1B2`: the key's prefix (its vendor marker, such as `gsk_` or `sk-`) and last 4
 * characters. Short keys show less, so the mask never gives most of a key away.
 */
export function maskKey(plaintext: string): string {
  const key = plaintext.trim();
  if (key.length < 16) return `…${key.slice(-2)}`;
  const prefix = /^[A-Za-z]{1,6}[_-]/.exec(key)?.[0] ?? key.slice(0, 3);
  return `${prefix}…${key.slice(-4)}`;
}
