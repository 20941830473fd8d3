import { timingSafeEqual } from 'node:crypto';

/** Compares a presented secret with the expected one in constant time (for equal lengths). */
export function sameToken(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
