import { hash, verify } from '@node-rs/argon2';

/** argon2id (the library's default algorithm) with its default cost parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown email) it checks against a
 * dummy one, so a wrong email costs the same time as a wrong password: timing tells nothing
 * about which emails have accounts.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    dummyHash ??= hash('not-a-real-password-only-for-equal-timing');
    await verify(await dummyHash, password);
    return false;
  }
  return verify(storedHash, password);
}
