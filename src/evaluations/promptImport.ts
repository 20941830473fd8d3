import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Most prompts a set (version) may hold. */
export const MAX_PROMPTS = 10_000;
/** Longest prompt or reference answer, in characters. */
export const MAX_TEXT = 100_000;

const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .max(max, `must be at most ${max} characters`)
    .refine((value) => value.trim() !== '', 'must not be blank');

/** One prompt of a set as files and the JSON API give it. */
export const promptInputSchema = z.strictObject(
  {
    prompt: text(MAX_TEXT),
    id: z.union([text(200), z.number().int().transform(String)]).optional(),
    category: text(100).nullish(),
    reference: text(MAX_TEXT).nullish(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}` : undefined) },
);
export type PromptInput = z.input<typeof promptInputSchema>;
export interface PromptRow {
  prompt: string;
  id: string | undefined;
  category: string | undefined;
  reference: string | undefined;
}

export type ImportFormat = 'jsonl' | 'csv';

function lineError(line: number, error: z.ZodError): ValidationError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return new ValidationError(`line ${line}: ${field}${issue?.message ?? 'invalid'}`);
}

/** Validates one prompt and checks it against the set so far; `where` names it in errors. */
export class PromptCollector {
  readonly rows: PromptRow[] = [];
  private readonly ids = new Set<string>();

  add(value: unknown, where: (error: z.ZodError | string) => ValidationError): void {
    if (this.rows.length >= MAX_PROMPTS) throw where(`a set holds at most ${MAX_PROMPTS} prompts`);
    const parsed = promptInputSchema.safeParse(value);
    if (!parsed.success) throw where(parsed.error);
    const { prompt, id, category, reference } = parsed.data;
    if (id !== undefined) {
      if (this.ids.has(id)) throw where(`id: ${JSON.stringify(id)} appears twice`);
      this.ids.add(id);
    }
    this.rows.push({ prompt, id, category: category ?? undefined, reference: reference ?? undefined });
  }

  done(): PromptRow[] {
    if (this.rows.length === 0) throw new ValidationError('the file holds no prompts');
    return this.rows;
  }
}

const atLine = (line: number) => (error: z.ZodError | string) =>
  typeof error === 'string' ? new ValidationError(`line ${line}: ${error}`) : lineError(line, error);

/** JSON lines: one object per line; blank lines are skipped. */
async function readJsonLines(body: Readable, collector: PromptCollector): Promise<void> {
  let line = 0;
  for await (const raw of createInterface({ input: body, crlfDelay: Infinity })) {
    line += 1;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ValidationError(`line ${line}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(`line ${line}: must be a JSON object such as {"prompt": "…"}`);
    collector.add(value, atLine(line));
  }
}

const CSV_COLUMNS = new Set(['prompt', 'id', 'category', 'reference']);

/** CSV with a header row naming the columns (`prompt` required; `id`, `category`, `reference`). */
async function readCsv(body: Readable, collector: PromptCollector): Promise<void> {
  const parser = body.pipe(
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim().toLowerCase());
        const unknown = names.find((name) => !CSV_COLUMNS.has(name));
        if (unknown !== undefined) throw new ValidationError(`line 1: unknown column ${JSON.stringify(unknown)} (expected prompt, id, category, reference)`);
        if (!names.includes('prompt')) throw new ValidationError('line 1: the header has no "prompt" column');
        return names;
      },
    }),
  );
  try {
    for await (const entry of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      // Empty cells are absent fields, as in a spreadsheet.
      const record = Object.fromEntries(Object.entries(entry.record).filter(([, value]) => value !== ''));
      collector.add(record, atLine(entry.info.lines));
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new ValidationError(`line ${line ?? '?'}: ${(error as Error).message.replace(/^Invalid Record Length: /, '')}`);
  }
}

/**
 * Reads a prompt file as it streams in, validating each line as it comes: the file is never held
 * whole in memory, only the prompts parsed from it. The first bad line stops the import with a
 * ValidationError naming the line and the field; nothing is stored until the whole file is good.
 */
export async function readPromptFile(body: ReadableStream<Uint8Array> | Readable, format: ImportFormat): Promise<PromptRow[]> {
  const stream = body instanceof Readable ? body : Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  const collector = new PromptCollector();
  try {
    if (format === 'jsonl') await readJsonLines(stream, collector);
    else await readCsv(stream, collector);
  } finally {
    stream.destroy();
  }
  return collector.done();
}

/** The import format a Content-Type names, or undefined. */
export function importFormat(contentType: string | undefined): ImportFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines') return 'jsonl';
  if (type === 'text/csv') return 'csv';
  return undefined;
}

/** The prompts of a JSON request (`prompts: [...]`), checked as a file's are; errors name `prompts.N`. */
export function collectPrompts(values: readonly unknown[]): PromptRow[] {
  const collector = new PromptCollector();
  values.forEach((value, index) => {
    collector.add(value, (error) => {
      if (typeof error === 'string') return new ValidationError(`prompts.${index}: ${error}`);
      const issue = error.issues[0];
      const field = issue && issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
      return new ValidationError(`prompts.${index}${field}: ${issue?.message ?? 'invalid'}`);
    });
  });
  if (collector.rows.length === 0) throw new ValidationError('prompts: must hold at least one prompt');
  return collector.rows;
}
