import { createHash } from 'node:crypto';
import { CompiledQuery, type QueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Marks a query to be planned once per session: on the embedded database a parameterised query
 * whose text starts with this runs as a named prepared statement. PGlite plans in WebAssembly,
 * and for the evaluation runner's per-item lookups planning cost ten times the run (1.4 ms against
 * 0.1 ms for the judge's five-table read). Use it only where the text is fixed and the values are
 * parameters, or every variant stays prepared. On a server the marker is a comment and nothing
 * else: transaction-mode poolers (Supabase's among them) do not keep prepared statements.
 */
export const PREPARED = '/* prepared */ ';

/** Runs a built query (`builder.compile()`, or a sql template's `.compile(db)`) marked with PREPARED. */
export function executePrepared<R>(db: { executeQuery<T>(query: CompiledQuery<T>): Promise<QueryResult<T>> }, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  return db.executeQuery(CompiledQuery.raw(PREPARED + query.sql, [...query.parameters]) as CompiledQuery<R>);
}

/** Statement names by text (the marked texts are fixed, so this stays small). */
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `p${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Makes the embedded database's client run marked queries as prepared statements. Its one
 * session outlives a client (the pool replaces a client after an error or idling), so a new
 * client first drops what an earlier one prepared, or its own Parse of the same name would fail.
 */
export function prepareMarkedQueries(client: pg.Client): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown, callback?: unknown) => unknown;
  client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && config.startsWith(PREPARED) && Array.isArray(values) && values.length > 0) {
      return query({ name: nameOf(config), text: config }, values, callback);
    }
    return query(config, values, callback);
  }) as typeof client.query;
  client.query('DEALLOCATE ALL').catch(() => {});
}
