import readline from 'node:readline';
import { UsageError } from './errors.js';

/** All of stdin as text, without the line break a pipe or here-string adds at the end. */
export async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text.replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed (for passwords). */
export async function promptHidden(question: string): Promise<string> {
  const terminal = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write(question);
  // readline echoes through _writeToOutput; muting it hides the typed characters.
  (terminal as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => {};
  try {
    return await new Promise<string>((resolve) => terminal.question('', resolve));
  } finally {
    terminal.close();
    process.stderr.write('\n');
  }
}

/**
 * Asks a yes/no question on the terminal before a command changes something. `--yes` answers
 * it in advance; without a terminal to ask on, the command needs `--yes`.
 */
export async function confirm(command: string, question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) throw new UsageError(`${command}: stdin is not a terminal to confirm on; pass --yes to go ahead`);
  const terminal = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve) => terminal.question(`${question} [y/N] `, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    terminal.close();
  }
}
