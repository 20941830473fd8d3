import { eld } from 'eld/small';
import { removeCodeBlocks } from './markdown.js';

const detector = eld.newInstance();
// Drops URLs, e-mail addresses and words made of digits before scoring: they say nothing about the language.
detector.enableTextCleanup(true);

const INLINE_CODE = /`[^`\n]*`/g;
/** Han, kana and Hangul carry about a word each; Latin-like letters about a fifth of one. */
const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const LETTER = /[\p{L}\p{M}]/gu;
/**
 * Below this much text a guess is more often wrong than right (eld's own benchmark: 67–77% on
 * single words), so the prompt's language is left unknown instead: about three short words.
 */
const MIN_WEIGHT = 15;
/**
 * Languages eld confuses: it calls a guess among them reliable when the scores are a hair apart,
 * and is then often wrong ("Напиши стихотворение об осени", Russian: bg 0.832, ru 0.830). Within
 * a group the guess must beat the runner-up by MIN_MARGIN; measured on hand-written prompts, that
 * keeps full Russian sentences (margins 0.016–0.03) and drops the coin tosses. Hindi and Marathi
 * always score within 0.01 of each other and eld still tells them apart, so no margin there.
 */
const CLOSE_NEIGHBOURS = [
  ['ru', 'bg', 'uk', 'sr', 'be'],
  ['da', 'no', 'sv'],
  ['es', 'ca', 'pt'],
  ['cs', 'sk'],
];
const MIN_MARGIN = 0.015;

function tooClose(scores: Record<string, number>): boolean {
  const [best, runnerUp] = Object.entries(scores).sort(([, a], [, b]) => b - a);
  if (!best || !runnerUp) return false;
  const neighbours = CLOSE_NEIGHBOURS.some((group) => group.includes(best[0]) && group.includes(runnerUp[0]));
  return neighbours && best[1] - runnerUp[1] < MIN_MARGIN;
}

function textWeight(text: string): number {
  const ideographs = text.match(IDEOGRAPHIC)?.length ?? 0;
  const letters = text.match(LETTER)?.length ?? 0;
  return (letters - ideographs) + ideographs * 5;
}

/**
 * The prompt's language as an ISO 639-1 code (one of eld's 60), or null when the prompt is too
 * short, eld does not call its guess reliable, or a close neighbour scores nearly as high. Code is left out first: a question asked in
 * German about a Python snippet is German.
 */
export function detectLanguage(prompt: string): string | null {
  const prose = removeCodeBlocks(prompt).replace(INLINE_CODE, ' ');
  if (textWeight(prose) < MIN_WEIGHT) return null;
  const result = detector.detect(prose);
  return result.language !== '' && result.isReliable() && !tooClose(result.getScores()) ? result.language : null;
}
