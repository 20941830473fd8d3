import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * The backup file: gzip-compressed JSON lines. Every line that is not a row is a JSON array, and
 * every row is the JSON object PostgreSQL's row_to_json made of it, so the two never mix up:
 *
 *   ["dualmind-backup", 1, {created_at, database, server_version, migrations, tables}]
 *   ["table", "users", {"columns": [...]}]
 *   {"user_id": "...", ...}                      one line per row
 *   ["table_end", "users", {"rows": 2, "sha256": "<of the table's row lines>"}]
 *   ...
 *   ["end", {"tables": 12, "rows": 3456, "sha256": "<of every byte before this line>"}]
 *
 * Checksums per table and for the whole file, the row counts and the end line make a damaged,
 * truncated or foreign file fail its check before anything is restored.
 */
export const BACKUP_FORMAT = 'dualmind-backup';
export const BACKUP_VERSION = 1;

const headerSchema = z.object({
  created_at: z.string(),
  database: z.enum(['embedded', 'postgres']),
  server_version: z.string(),
  migrations: z.array(z.string().regex(/^\d{4}$/)),
  tables: z.array(z.object({ name: z.string().min(1), columns: z.array(z.object({ name: z.string().min(1), type: z.string() })) })),
});
export type BackupHeader = z.infer<typeof headerSchema>;

const tableEndSchema = z.object({ rows: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const endSchema = z.object({ tables: z.number().int().min(0), rows: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export interface TableSummary {
  name: string;
  rows: number;
  sha256: string;
}

export interface BackupSummary {
  header: BackupHeader;
  tables: TableSummary[];
  rows: number;
  sha256: string;
}

/** A backup file that cannot be restored: foreign, damaged, truncated or from a newer version. */
export class BackupFileError extends AppError {
  constructor(message: string) {
    super('bad_request', message);
    this.name = 'BackupFileError';
  }
}

/** Writes the lines of one backup, keeping its checksums. */
export class BackupEncoder {
  private readonly file = createHash('sha256');
  private table: { name: string; hash: Hash; rows: number } | undefined;
  private readonly tables: TableSummary[] = [];
  private rows = 0;

  private line(text: string): string {
    const line = `${text}\n`;
    this.file.update(line);
    return line;
  }

  header(header: BackupHeader): string {
    return this.line(JSON.stringify([BACKUP_FORMAT, BACKUP_VERSION, header]));
  }

  beginTable(name: string, columns: BackupHeader['tables'][number]['columns']): string {
    this.table = { name, hash: createHash('sha256'), rows: 0 };
    return this.line(JSON.stringify(['table', name, { columns }]));
  }

  /** `json`: row_to_json's text of one row, written as it is. */
  row(json: string): string {
    const table = this.table as NonNullable<BackupEncoder['table']>;
    const line = this.line(json);
    table.hash.update(line);
    table.rows += 1;
    this.rows += 1;
    return line;
  }

  endTable(): string {
    const table = this.table as NonNullable<BackupEncoder['table']>;
    const summary = { name: table.name, rows: table.rows, sha256: table.hash.digest('hex') };
    this.tables.push(summary);
    this.table = undefined;
    return this.line(JSON.stringify(['table_end', table.name, { rows: summary.rows, sha256: summary.sha256 }]));
  }

  /** The last line; returns it with the backup's summary. */
  end(header: BackupHeader): { line: string; summary: BackupSummary } {
    const sha256 = this.file.digest('hex');
    const summary = { header, tables: this.tables, rows: this.rows, sha256 };
    return { line: `${JSON.stringify(['end', { tables: this.tables.length, rows: this.rows, sha256 }])}\n`, summary };
  }
}

/** Longest line accepted: a row may be large (long answers), garbage without line breaks is not. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** The file's text, line by line; `complete` is false for a last line with no line break. */
async function* lines(file: string): AsyncGenerator<{ text: string; complete: boolean }> {
  const handle = await fs.promises.open(file, 'r');
  const magic = Buffer.alloc(2);
  const { bytesRead } = await handle.read(magic, 0, 2, 0);
  await handle.close();
  const raw = fs.createReadStream(file);
  const gzipped = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const input = gzipped ? raw.pipe(createGunzip()) : raw;
  if (gzipped) raw.on('error', (error) => input.destroy(error));
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of input) {
      pending += decoder.write(chunk as Buffer);
      let start = 0;
      for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n', start)) {
        yield { text: pending.slice(start, newline), complete: true };
        start = newline + 1;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_LINE_CHARS) throw new BackupFileError('not a DualMind Lab backup: it has a line longer than 64 MB');
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test((error as Error).message)) throw new BackupFileError('the backup is truncated: its compressed data ends early');
    if (code?.startsWith('Z_')) throw new BackupFileError(`the backup is damaged: ${(error as Error).message}`);
    throw error;
  } finally {
    input.destroy();
    raw.destroy();
  }
  const last = pending + decoder.end();
  if (last !== '') yield { text: last, complete: false };
}

export type BackupItem =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; name: string; columns: string[] }
  | { kind: 'rows'; table: string; rows: string[] }
  | { kind: 'table_end'; summary: TableSummary }
  | { kind: 'end'; summary: BackupSummary };

const ROW_BATCH = 500;
const ROW_BATCH_CHARS = 1024 * 1024;

function parse(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackupFileError(`the backup is damaged: ${where} is not JSON`);
  }
}

/**
 * Reads a backup file, checking everything as it goes: the header and its version, that the
 * tables come as announced, that every row is a JSON object of the table's columns, each
 * table's row count and checksum, the whole file's checksum and its end line, and that nothing
 * follows it. Throws a BackupFileError at the first problem; rows come in batches.
 */
export async function* readBackup(file: string): AsyncGenerator<BackupItem> {
  const whole = createHash('sha256');
  let header: BackupHeader | undefined;
  let table: { name: string; columns: Set<string>; hash: Hash; rows: number; batch: string[]; chars: number } | undefined;
  let nextTable = 0;
  const tables: TableSummary[] = [];
  let total = 0;
  let summary: BackupSummary | undefined;
  let lineNumber = 0;

  for await (const { text, complete } of lines(file)) {
    lineNumber += 1;
    const where = `line ${lineNumber}`;
    if (summary) throw new BackupFileError(`the backup is damaged: data follows its end line (${where})`);
    if (!complete && header) throw new BackupFileError(`the backup is truncated: it ends in the middle of ${where}`);
    if (!header) {
      // Only a line that opens as our header can be a damaged one; anything else is another file.
      const first = text.startsWith(`["${BACKUP_FORMAT}",`) ? parse(text, where) : undefined;
      if (!Array.isArray(first) || first[0] !== BACKUP_FORMAT) throw new BackupFileError('not a DualMind Lab backup: its first line is not a backup header');
      const version = first[1];
      if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new BackupFileError('the backup is damaged: its header has no format version');
      if (version > BACKUP_VERSION) {
        throw new BackupFileError(`the backup was made by a newer DualMind Lab (backup format ${version}; this version reads format ${BACKUP_VERSION}): upgrade DualMind Lab to restore it`);
      }
      const parsed = headerSchema.safeParse(first[2]);
      if (!parsed.success) throw new BackupFileError(`the backup is damaged: its header is invalid (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
      header = parsed.data;
      whole.update(`${text}\n`);
      yield { kind: 'header', header };
      continue;
    }
    if (text.startsWith('{')) {
      if (!table) throw new BackupFileError(`the backup is damaged: a row outside any table (${where})`);
      const row = parse(text, where);
      if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new BackupFileError(`the backup is damaged: ${where} is not a row`);
      const keys = Object.keys(row);
      if (keys.length !== table.columns.size || keys.some((key) => !table?.columns.has(key))) {
        throw new BackupFileError(`the backup is damaged: ${where} does not have the columns of table ${table.name}`);
      }
      whole.update(`${text}\n`);
      table.hash.update(`${text}\n`);
      table.rows += 1;
      total += 1;
      table.batch.push(text);
      table.chars += text.length;
      if (table.batch.length >= ROW_BATCH || table.chars >= ROW_BATCH_CHARS) {
        yield { kind: 'rows', table: table.name, rows: table.batch };
        table.batch = [];
        table.chars = 0;
      }
      continue;
    }
    const marker = text.startsWith('[') ? parse(text, where) : undefined;
    if (!Array.isArray(marker)) throw new BackupFileError(`the backup is damaged: ${where} is neither a row nor a marker`);
    if (marker[0] === 'table') {
      if (table) throw new BackupFileError(`the backup is damaged: table ${table.name} is not closed (${where})`);
      const expected = header.tables[nextTable];
      if (!expected || marker[1] !== expected.name) throw new BackupFileError(`the backup is damaged: table ${String(marker[1])} was not announced in this place (${where})`);
      nextTable += 1;
      whole.update(`${text}\n`);
      table = { name: expected.name, columns: new Set(expected.columns.map((column) => column.name)), hash: createHash('sha256'), rows: 0, batch: [], chars: 0 };
      yield { kind: 'table', name: expected.name, columns: expected.columns.map((column) => column.name) };
    } else if (marker[0] === 'table_end') {
      const end = tableEndSchema.safeParse(marker[2]);
      if (!table || marker[1] !== table.name || !end.success) throw new BackupFileError(`the backup is damaged: an unexpected table end (${where})`);
      if (table.batch.length > 0) yield { kind: 'rows', table: table.name, rows: table.batch };
      const computed = { name: table.name, rows: table.rows, sha256: table.hash.digest('hex') };
      if (end.data.rows !== computed.rows) throw new BackupFileError(`the backup is damaged: table ${table.name} should have ${end.data.rows} rows and has ${computed.rows}`);
      if (end.data.sha256 !== computed.sha256) throw new BackupFileError(`the backup is damaged: the rows of table ${table.name} do not match their checksum`);
      whole.update(`${text}\n`);
      tables.push(computed);
      table = undefined;
      yield { kind: 'table_end', summary: computed };
    } else if (marker[0] === 'end') {
      const end = endSchema.safeParse(marker[1]);
      if (table || !end.success) throw new BackupFileError(`the backup is damaged: an unexpected end line (${where})`);
      if (nextTable !== header.tables.length) throw new BackupFileError(`the backup is damaged: it ends after ${nextTable} of its ${header.tables.length} tables`);
      const sha256 = whole.digest('hex');
      if (end.data.sha256 !== sha256 || end.data.rows !== total || end.data.tables !== tables.length) throw new BackupFileError('the backup is damaged: it does not match its checksum');
      summary = { header, tables, rows: total, sha256 };
      yield { kind: 'end', summary };
    } else {
      throw new BackupFileError(`the backup is damaged: ${where} is neither a row nor a marker`);
    }
  }
  if (!header) throw new BackupFileError('not a DualMind Lab backup: the file is empty');
  if (!summary) throw new BackupFileError(`the backup is truncated: it ends ${table ? `inside table ${table.name}` : 'before its end line'}`);
}

/** Reads the whole file once, checking it, and returns its summary; nothing else is touched. */
export async function checkBackup(file: string): Promise<BackupSummary> {
  let summary: BackupSummary | undefined;
  for await (const item of readBackup(file)) if (item.kind === 'end') summary = item.summary;
  return summary as BackupSummary;
}
