import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * What a rewritten DuckDB file must share with the live one before it may replace it: the catalog
 * (tables, indexes, views, sequences, macros, types, constraints) and every table's row count.
 * Sequence positions are left out: COPY FROM DATABASE restarts a sequence at its next value.
 */

export const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

type Row = Record<string, unknown>;
export const rows = async (c: DuckDBConnection, sql: string): Promise<Row[]> =>
  (await c.runAndReadAll(sql)).getRowObjects() as Row[];
const json = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** One catalog listing per kind of object, filtered to one database by the caller. */
const CATALOG: Readonly<Record<string, string>> = {
  tables: 'SELECT schema_name, table_name, sql, comment FROM duckdb_tables()',
  indexes: 'SELECT schema_name, index_name, sql FROM duckdb_indexes()',
  views: 'SELECT schema_name, view_name, sql FROM duckdb_views() WHERE NOT internal',
  sequences: 'SELECT schema_name, sequence_name, increment_by, cycle FROM duckdb_sequences()',
  macros:
    'SELECT schema_name, function_name, function_type, macro_definition FROM duckdb_functions() WHERE NOT internal',
  types: 'SELECT schema_name, type_name FROM duckdb_types() WHERE NOT internal',
  constraints: 'SELECT schema_name, table_name, constraint_type, constraint_text FROM duckdb_constraints()',
};

async function fingerprint(c: DuckDBConnection, db: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [kind, listing] of Object.entries(CATALOG)) {
    const filter = `${listing.includes(' WHERE ') ? ' AND' : ' WHERE'} database_name = ${quoteLiteral(db)}`;
    out[kind] = json(await rows(c, `${listing}${filter} ORDER BY ALL`));
  }
  const counts: string[] = [];
  for (const t of await rows(c, `${CATALOG.tables} WHERE database_name = ${quoteLiteral(db)} ORDER BY ALL`)) {
    const name = [db, String(t.schema_name), String(t.table_name)].map(quoteIdent).join('.');
    counts.push(json(await rows(c, `SELECT count(*) AS n FROM ${name}`)));
  }
  out.rows = counts.join();
  return out;
}

/** The first kind of object (or `rows`) in which database `b` differs from `a`; undefined when none. */
export async function firstDifference(
  c: DuckDBConnection,
  a: string,
  b: string,
): Promise<string | undefined> {
  const [left, right] = [await fingerprint(c, a), await fingerprint(c, b)];
  return Object.keys(left).find((k) => left[k] !== right[k]);
}
