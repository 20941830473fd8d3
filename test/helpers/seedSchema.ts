import fs from 'node:fs';

/** One column of the seed schema, as `../shared/seed/dualmind-schema.md` (copied into test/fixtures) states it. */
export interface SeedColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  /** The default as written in the seed, or null for "—". */
  default: string | null;
  primaryKey: boolean;
}

/**
 * Parses the seed document's table definitions: a line with the table name, a
 * `| Column | Type | …` header, then `name | type | Yes/No | default | description` rows.
 */
export function readSeedSchema(file = new URL('../fixtures/dualmind-schema.md', import.meta.url)): SeedColumn[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').map((line) => line.trim());
  const columns: SeedColumn[] = [];
  let table: string | undefined;
  lines.forEach((line, index) => {
    if (/^[a-z_]+$/.test(line) && lines[index + 2]?.startsWith('| Column |')) {
      table = line;
      return;
    }
    if (line.startsWith('Key relationships')) table = undefined;
    if (!table || line.startsWith('|')) return;
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 5) return;
    const [column = '', type = '', nullable = '', defaultValue = '', description = ''] = cells;
    columns.push({
      table,
      column,
      type,
      nullable: nullable === 'Yes',
      default: defaultValue === '—' ? null : defaultValue,
      primaryKey: description.startsWith('Primary key'),
    });
  });
  return columns;
}
