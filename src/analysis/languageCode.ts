const englishNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
let codesByName: Map<string, string> | undefined;

/** Every two-letter code ICU knows, by its English name in lower case. */
function namesToCodes(): Map<string, string> {
  if (!codesByName) {
    codesByName = new Map();
    for (let first = 97; first <= 122; first++) {
      for (let second = 97; second <= 122; second++) {
        const code = String.fromCharCode(first, second);
        const name = englishNames.of(code);
        if (name) codesByName.set(name.toLowerCase(), code);
      }
    }
  }
  return codesByName;
}

/**
 * An ISO 639-1 code from what a battle file calls the language: a code ("de"), or an English
 * name as FastChat's dumps write it ("German"). Null when it is neither (or "unknown").
 */
export function languageCode(value: string): string | null {
  const text = value.trim().toLowerCase();
  if (/^[a-z]{2}$/.test(text)) return englishNames.of(text) ? text : null;
  return namesToCodes().get(text) ?? null;
}
