import { describe, expect, it } from 'vitest';
import { promptHash } from './promptHash.js';

describe('promptHash', () => {
  it('is the SHA-256 of the normalised prompt', () => {
    // sha256("hello world"), from coreutils' sha256sum.
    expect(promptHash('  Hello\n\tWORLD ')).toBe('b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9');
  });

  it('treats case, white space and Unicode forms alike, and punctuation as different', () => {
    expect(promptHash('Hi!')).toBe(promptHash(' hi! '));
    expect(promptHash('café')).toBe(promptHash('cafe\u0301'));
    expect(promptHash('hi')).not.toBe(promptHash('hi!'));
  });

  it('compares only the first 10,000 characters, as FastChat’s deduplication does', () => {
    const long = 'a'.repeat(10_000);
    expect(promptHash(`${long}b`)).toBe(promptHash(`${long}c`));
    expect(promptHash(`${'a'.repeat(9_999)}b`)).not.toBe(promptHash(`${'a'.repeat(9_999)}c`));
  });
});
