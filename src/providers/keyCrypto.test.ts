import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyCipher, KeyDecryptionError, maskKey } from './keyCrypto.js';

const secret = () => randomBytes(32).toString('base64');

describe('KeyCipher', () => {
  it('round-trips a key, with a fresh IV each time', () => {
    const cipher = new KeyCipher(secret());
    const a = cipher.encrypt('gsk_live_abcdefghijklmnop1234');
    const b = cipher.encrypt('gsk_live_abcdefghijklmnop1234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('abcdefghijklmnop');
    expect(cipher.decrypt(a)).toBe('gsk_live_abcdefghijklmnop1234');
  });

  it('refuses a row encrypted under another secret, tampered, or never encrypted', () => {
    const stored = new KeyCipher(secret()).encrypt('sk-something-secret-000');
    const other = new KeyCipher(secret());
    expect(() => other.decrypt(stored)).toThrow(KeyDecryptionError);
    const tampered = `${stored.slice(0, -4)}AAAA`;
    expect(() => new KeyCipher(secret()).decrypt(tampered)).toThrow(KeyDecryptionError);
    expect(() => other.decrypt('gsk_plaintext_from_an_old_deployment')).toThrow(KeyDecryptionError);
  });

  it('wants a 32-byte secret', () => {
    expect(() => new KeyCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => new KeyCipher([secret(), randomBytes(16).toString('base64')])).toThrow(/32 bytes/);
    expect(() => new KeyCipher([])).toThrow(/at least one/);
  });

  it('with several secrets, encrypts under the first and decrypts under any', () => {
    const [oldSecret, newSecret] = [secret(), secret()];
    const underOld = new KeyCipher(oldSecret).encrypt('gsk_old_abcdefghijklmnop');
    const rotating = new KeyCipher([newSecret, oldSecret]);
    expect(rotating.decrypt(underOld)).toBe('gsk_old_abcdefghijklmnop');
    expect(rotating.isCurrent(underOld)).toBe(false);
    const underNew = rotating.encrypt('gsk_new_abcdefghijklmnop');
    expect(rotating.isCurrent(underNew)).toBe(true);
    expect(new KeyCipher(newSecret).decrypt(underNew)).toBe('gsk_new_abcdefghijklmnop');
    expect(() => new KeyCipher(oldSecret).decrypt(underNew)).toThrow(KeyDecryptionError);
    // A row no secret opens is neither current nor decryptable.
    expect(new KeyCipher([secret(), secret()]).isCurrent(underNew)).toBe(false);
  });
});

describe('maskKey', () => {
  it.each([
    ['gsk_abcdefghijklmnopqrstuvwxa1B2', 'gsk_…a1B2'],
    ['sk-proj-abcdefghijklmnopqrstuvwxyz9876', 'sk-…9876'],
    ['abcdefghijklmnopqrstuvwxyz123456', 'abc…3456'],
    ['short-key-1', '…-1'],
  ])('%s → %s', (key, mask) => {
    expect(maskKey(key)).toBe(mask);
  });
});
