import { removeCodeBlocks } from './markdown.js';

/**
 * Lines that are code in any common language and hardly ever prose. Each pattern needs syntax
 * (brackets, operators, a keyword followed by what code puts after it), not just a keyword:
 * "Let me know", "Select the best answer from the list" and "import duties" stay prose.
 * One line matching a strong pattern is code enough; the others need a second code line.
 */
const STRONG_LINES: RegExp[] = [
  /^(async\s+)?def\s+\w+\s*\(.*\)\s*(->\s*[^:]+)?:$/,
  /^class\s+\w+(\s*\(.*\))?\s*:$/,
  /^Traceback \(most recent call last\):$/,
  /^File ".+", line \d+/,
  /^at\s+[\w$.<>]+\(.*:\d+(:\d+)?\)$/,
  /^#\s*(include|define|ifn?def|endif|pragma)\b/,
  /^(export\s+)?(async\s+)?function\s*\*?\s*[\w$]*\s*\(.*\)\s*\{?$/,
  /(console\.log|System\.out\.print(ln)?|printf|println!)\s*\(|std::\w/,
  /^(SELECT\s+.+\s+FROM\s+\S+|INSERT\s+INTO\s+\S+|UPDATE\s+\S+\s+SET\s+|DELETE\s+FROM\s+\S+|CREATE\s+(TABLE|INDEX|VIEW|FUNCTION)\s+\S+|ALTER\s+TABLE\s+\S+)/,
  /^(sudo\s+)?(npm|npx|yarn|pnpm|pip3?|git|docker|kubectl|apt(-get)?|brew|cargo|mvn|gradle|curl|wget|chmod|ssh)\s+(-{1,2}\w|install|run|add|commit|push|pull|clone|build|exec|apply|get|init|checkout|test|https?:)/,
];
const WEAK_LINES: RegExp[] = [
  /^(import\s+[\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.]+)*|from\s+[\w.]+\s+import\s+[\w*., ()]+)$/,
  /^for\s+\w+(\s*,\s*\w+)*\s+in\s+[\w.]+(\(.*\))?\s*:$/,
  /^(if|elif|while)\s+[\w.[\]()]+\s*(==|!=|<=|>=|<|>|\bin\b|\bis\b)\s*[\w.'"[\]()-]+\s*:$/,
  /^with\s+[\w.]+\(.*\)\s+as\s+\w+\s*:$/,
  /^(else|try|finally|except(\s+[\w.]+(\s+as\s+\w+)?)?):$/,
  /^return\s+[\w.]+(\(.*\))?(\s*([-+*/%]|==|and|or)\s*[\w.()]+)*;?$/,
  /^[\w.]+\s*=\s*[\w.]*[([{].*[)\]}];?$/,
  /^[\w$.]+\(.*\);?$/,
  /^(const|let|var)\s+[\w$[\]{}, ]+\s*=\s*.+/,
  /^(public|private|protected|static|final|override|virtual|fn|func|pub fn|impl|struct|enum|interface|type)\b[^.!?]*[{(]\s*$/,
  /^(return|throw|yield)\b.*;$/,
  /^[\w$.[\]'"]+\s*(=|\+=|-=|\*=|\/=|:=|==|===|!=)\s*.*[;{]$/,
  /^[}\])]/,
  /(\)|\w)\s*=>\s*[{(\w]/,
  /^select\s+(\*|[\w.]+(\s*,\s*[\w.]+)+)\s+from\s+\w+.*;?$/i,
  /^<\/?[a-zA-Z][\w-]*(\s+[\w-]+(=("[^"]*"|'[^']*'|\S+))?)*\s*\/?>.*$/,
  /^(\$|>>>|PS>)\s+[a-z][\w.-]*(\s|$)/,
];

function codeLines(text: string): { strong: number; weak: number } {
  const counts = { strong: 0, weak: 0 };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.length === 0) continue;
    if (STRONG_LINES.some((pattern) => pattern.test(line))) counts.strong += 1;
    else if (WEAK_LINES.some((pattern) => pattern.test(line))) counts.weak += 1;
  }
  return counts;
}

/** How many lines of a text look like code. */
export function codeLineCount(text: string): number {
  const { strong, weak } = codeLines(text);
  return strong + weak;
}

function hasCodeBlock(text: string): boolean {
  return removeCodeBlocks(text) !== text;
}

/**
 * True when there is code in the prompt or in either answer: a fenced block anywhere, or code
 * without fences — a strong line, two weaker ones, or a text that is one line of code.
 */
export function isCoding(prompt: string, answers: readonly string[]): boolean {
  return [prompt, ...answers].some((text) => {
    if (hasCodeBlock(text)) return true;
    const { strong, weak } = codeLines(text);
    return strong > 0 || weak >= 2 || (weak === 1 && text.trim().split('\n').length === 1);
  });
}
