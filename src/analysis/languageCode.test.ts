import { describe, expect, it } from 'vitest';
import { languageCode } from './languageCode.js';

describe('languageCode', () => {
  it('takes ISO 639-1 codes and English names, as battle files write them', () => {
    expect(languageCode('de')).toBe('de');
    expect(languageCode('German')).toBe('de');
    expect(languageCode(' english ')).toBe('en');
    expect(languageCode('Chinese')).toBe('zh');
  });

  it('is null for anything else', () => {
    expect(languageCode('unknown')).toBeNull();
    expect(languageCode('xx')).toBeNull();
    expect(languageCode('Klingonish')).toBeNull();
    expect(languageCode('')).toBeNull();
  });
});
