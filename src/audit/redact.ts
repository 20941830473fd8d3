/**
 * What the audit log keeps of a request: enough to tell what was done, never a credential, and
 * bounded, so a hostile body cannot bloat the log. Strings are also made storable (PostgreSQL
 * text and jsonb refuse NUL and lone surrogates).
 */

/** Field names whose values are credentials: keys, passwords, secrets, tokens, reset codes. */
const SECRET_FIELD = /pass(word)?|secret|token|api_?key|authori[sz]ation|^code$|_code$|credential/i;
export const REDACTED = '[redacted]';

const MAX_STRING = 200;
const MAX_KEYS = 20;
const MAX_ITEMS = 10;
const MAX_DEPTH = 3;

/** NUL and unpaired surrogates become U+FFFD; long strings are cut with an ellipsis. */
export function storableText(value: string, max = MAX_STRING): string {
  const clean = value.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A bounded, credential-free copy of a JSON value. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => redact(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const kept = entries.slice(0, MAX_KEYS).map(([key, item]) => [storableText(key, 64), SECRET_FIELD.test(key) ? REDACTED : redact(item, depth + 1)]);
    if (entries.length > MAX_KEYS) kept.push(['…', `${entries.length - MAX_KEYS} more fields`]);
    return Object.fromEntries(kept);
  }
  return String(value);
}

/**
 * The fields of an answer that say which thing was touched (ids, names, the key's mask),
 * never its content.
 */
const IDENTIFYING_FIELDS = ['user_id', 'email', 'role', 'disabled_at', 'provider_name', 'key_id', 'display_mask', 'is_active', 'is_enabled', 'priority', 'model_id', 'model_name', 'status', 'key', 'value', 'imported', 'skipped', 'models_created'];

export function identifyingFields(body: unknown): Record<string, unknown> | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const picked = IDENTIFYING_FIELDS.filter((field) => Object.hasOwn(body, field)).map((field) => [field, redact((body as Record<string, unknown>)[field], MAX_DEPTH - 1)]);
  return picked.length > 0 ? Object.fromEntries(picked) : undefined;
}
