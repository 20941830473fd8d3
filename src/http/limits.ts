/** Largest JSON body the API reads; bigger ones get a 413 before they are buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What a chat request's body holds besides its prompt (ids, mode, JSON punctuation), with room to spare. */
const CHAT_ENVELOPE_BYTES = 4096;

/**
 * The longest prompt whose chat request always fits in MAX_BODY_BYTES, so the `max_prompt_chars`
 * setting can never promise what the body limit refuses. A UTF-16 code unit takes at most 3 bytes
 * in UTF-8 (a surrogate pair: 4 bytes for 2 units), so text in any script fits; only control
 * characters, which JSON escapes to 6 bytes, could still overflow, and those get the body limit's
 * own 413 (the web app keeps the prompt in its box then).
 */
export const MAX_PROMPT_CHARS = Math.floor((MAX_BODY_BYTES - CHAT_ENVELOPE_BYTES) / 3);
