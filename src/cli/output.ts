/** What commands print: results on stdout, notes that must not mix with piped data on stderr. */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
