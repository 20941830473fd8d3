import { z } from '@hono/zod-openapi';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why PostgreSQL cannot keep this text as it is, or undefined when it can. Its `text` type
 * refuses NUL, and a lone UTF-16 surrogate (which JSON's `\uD83D` escapes can carry) has no UTF-8
 * form: node-postgres would store U+FFFD instead, so what a model was sent would differ from
 * what was kept.
 */
export function unstorableReason(value: string): string | undefined {
  const nul = value.indexOf('\u0000');
  if (nul !== -1) return `contains a NUL character (U+0000) at position ${nul}, which cannot be stored`;
  const lone = LONE_SURROGATE.exec(value);
  if (lone) return `contains half of a UTF-16 surrogate pair at position ${lone.index} (a broken emoji or other character), which cannot be stored`;
  return undefined;
}

/**
 * A string the database can store as sent. Every free-text field of a request is built on this,
 * so such text is refused with a 400 naming the field before anything (an upstream call
 * included) happens.
 */
export function storableString() {
  return z.string().superRefine((value, context) => {
    const reason = unstorableReason(value);
    if (reason) context.addIssue({ code: 'custom', message: reason });
  });
}
