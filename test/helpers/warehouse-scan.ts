/**
 * Reads a database's files as raw bytes and counts where given values occur (their UTF-8 bytes): the
 * independent check that erased values are gone from the files, not only from query results.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type pg from 'pg';

/** One file holding one of the values: which value (by index, never quoted) and how often. */
export interface Finding {
  readonly file: string;
  readonly value: number;
  readonly count: number;
}

/** How often `needle` occurs in `haystack`. */
export function occurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
}

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * Every occurrence of each value in each file, files named relative to `root`. A file that vanished
 * while being listed (a server removing it) is skipped: it holds nothing any more.
 */
export function scan(files: readonly string[], values: readonly string[], root = '/'): Finding[] {
  const needles = values.map((v) => Buffer.from(v, 'utf8'));
  const out: Finding[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') continue;
      throw err;
    }
    needles.forEach((needle, value) => {
      const count = occurrences(bytes, needle);
      if (count > 0) out.push({ file: relative(root, file), value, count });
    });
  }
  return out;
}

/** The values `findings` found at least once, by index. */
export const valuesFound = (findings: readonly Finding[]): number[] =>
  [...new Set(findings.map((f) => f.value))].sort((a, b) => a - b);

/**
 * A PostgreSQL table's relation files (heap, its indexes, its TOAST table and that one's index), as
 * paths relative to the data directory: every segment and fork begins with one of them.
 */
export async function relationFiles(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ path: string }>(
    `WITH t AS (SELECT $1::regclass AS oid),
          toast AS (SELECT reltoastrelid AS oid FROM pg_class WHERE oid = (SELECT oid FROM t) AND reltoastrelid <> 0),
          rels AS (SELECT oid FROM t UNION ALL SELECT oid FROM toast
                   UNION ALL SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM t UNION ALL SELECT oid FROM toast))
     SELECT pg_relation_filepath(oid) AS path FROM rels`,
    [table],
  );
  return rows.map((r) => r.path);
}

/** The files under the data directory that belong to one of `relations` (any segment or fork). */
export function filesOf(dataDir: string, relations: readonly string[]): string[] {
  return filesUnder(dataDir).filter((f) => {
    const rel = relative(dataDir, f);
    return relations.some((r) => rel === r || rel.startsWith(`${r}.`) || rel.startsWith(`${r}_`));
  });
}
