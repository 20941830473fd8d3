import { describe, expect, it } from 'vitest';
import { parseVerdict, verdictStrength } from './verdicts.js';

describe('parseVerdict', () => {
  it('reads each of the five labels', () => {
    expect(parseVerdict('My final verdict: [[A>>B]]')).toBe('A>>B');
    expect(parseVerdict('… so [[A>B]].')).toBe('A>B');
    expect(parseVerdict('Tie: [[A=B]]')).toBe('A=B');
    expect(parseVerdict('[[B>A]]')).toBe('B>A');
    expect(parseVerdict('verdict [[B>>A]]')).toBe('B>>A');
  });

  it('takes the last label, since judges restate the scale first', () => {
    const text = 'Choices: [[A>>B]], [[A>B]], [[A=B]], [[B>A]], [[B>>A]].\n…reasoning…\nFinal verdict: [[B>A]]';
    expect(parseVerdict(text)).toBe('B>A');
  });

  it('accepts mirrored spellings and lower case', () => {
    expect(parseVerdict('[[a<b]]')).toBe('B>A');
    expect(parseVerdict('[[B<<A]]')).toBe('A>>B');
    expect(parseVerdict('[[B=A]]')).toBe('A=B');
  });

  it('falls back to single brackets only when no double-bracket label exists', () => {
    expect(parseVerdict('I pick [A>B]')).toBe('A>B');
    expect(parseVerdict('[B>A] at first, but [[A>B]]')).toBe('A>B');
  });

  it('gives undefined for garbage, empty text and labels that are not one of the five', () => {
    expect(parseVerdict('')).toBeUndefined();
    expect(parseVerdict('Both answers are fine, I cannot decide.')).toBeUndefined();
    expect(parseVerdict('[[A>B>A]]')).toBeUndefined();
    expect(parseVerdict('[[C>D]]')).toBeUndefined();
  });
});

it('verdictStrength orders the labels from A much better to B much better', () => {
  expect((['A>>B', 'A>B', 'A=B', 'B>A', 'B>>A'] as const).map(verdictStrength)).toEqual([2, 1, 0, -1, -2]);
});
