import { z } from 'zod';
import { identifierKinds } from './identifiers';
import { platformIds, recordKindsByPlatform } from './platforms';
import { sharedSchema } from './shared-schemas';

/**
 * What a warehouse column may hold, to match the subject by: an identifier kind (`email`, `phone`,
 * `customerId`, `livepersonConsumerId`, …) or a platform record (`liveperson.conversation`,
 * `genesys.recording`, …) that the erasure found.
 */
export const valueKinds = [
  ...identifierKinds,
  ...platformIds.flatMap((p) => recordKindsByPlatform[p].map((k) => `${p}.${k}`)),
] as readonly string[] as readonly [string, ...string[]];

/** A SQL name: letters, digits, `_`, optionally schema-qualified. Quoted when used, never interpolated raw. */
const sqlName = sharedSchema('warehouse/sqlName', () =>
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a plain SQL name (letters, digits, _)'),
);

/** One table holding copies of platform data, and what to do with the subject's rows in it. */
export const WarehouseTableSchema = sharedSchema('warehouse/WarehouseTableSchema', () =>
  z
    .object({
      /** `table` or `schema.table`. */
      table: z
        .string()
        .regex(
          /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/,
          'must be table or schema.table',
        ),
      /** Columns that identify the subject, and what each holds. */
      match: z.record(sqlName, z.array(z.enum(valueKinds)).min(1)).refine((m) => Object.keys(m).length > 0, {
        message: 'must name at least one column',
      }),
      action: z.discriminatedUnion('type', [
        z.object({ type: z.literal('delete') }),
        z.object({
          type: z.literal('redact'),
          /** Columns overwritten with the replacement (every matched column among them). */
          columns: z.array(sqlName).min(1),
          replacement: z.string().default('[erased]'),
        }),
      ]),
      /**
       * How the space the clean-up frees is reclaimed once it commits. `rewrite` (the default): the files
       * are rewritten without the erased values (PostgreSQL `VACUUM FULL`, which locks the table while it
       * runs; DuckDB a rewrite of the whole file). `in-place`: PostgreSQL `VACUUM`, DuckDB `CHECKPOINT`,
       * no exclusive lock, but freed space may still hold the values, and the result says so.
       */
      reclaim: z.enum(['rewrite', 'in-place']).default('rewrite'),
    })
    .superRefine((t, ctx) => {
      if (t.action.type !== 'redact') return;
      const redacted = new Set(t.action.columns);
      // A redacted row must no longer match: otherwise it still identifies the subject.
      for (const column of Object.keys(t.match))
        if (!redacted.has(column))
          ctx.addIssue({
            code: 'custom',
            path: ['action', 'columns'],
            message: `must include ${column}: a row redacted elsewhere would still identify the subject by it`,
          });
    }),
);
export type WarehouseTable = z.output<typeof WarehouseTableSchema>;

/** The subject's values by value kind (identifier kinds and platform records). */
export type SubjectValues = Partial<Record<string, readonly string[]>>;

/** A parameterised condition: SQL text with `$n` placeholders, and the values, never spliced in. */
export interface Condition {
  readonly sql: string;
  readonly params: string[];
}

/** Double-quotes a validated SQL name (each part of `schema.table`). */
export const quoteName = (name: string): string =>
  name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');

/**
 * The rows of `table` that hold any of the subject's values in a matching column: one `IN` list per
 * column, values as parameters. Undefined when none of the subject's values fits any column.
 */
export function subjectCondition(
  table: WarehouseTable,
  values: SubjectValues,
  firstParam = 1,
): Condition | undefined {
  const params: string[] = [];
  const clauses: string[] = [];
  for (const [column, kinds] of Object.entries(table.match)) {
    const vals = [...new Set(kinds.flatMap((k) => values[k] ?? []))];
    if (vals.length === 0) continue;
    const placeholders = vals.map((v) => {
      params.push(v);
      return `$${firstParam + params.length - 1}`;
    });
    clauses.push(`${quoteName(column)} IN (${placeholders.join(', ')})`);
  }
  return clauses.length === 0 ? undefined : { sql: clauses.join(' OR '), params };
}

/**
 * What one table's clean-up did: rows deleted or redacted, and how many still match after it (must be
 * 0). `error`: the table could not be cleaned (rolled back); its type and, without values, why.
 * `reclaim`: what was then done with the space it freed, in the database's files (absent when rolled
 * back, and in results recorded before it existed).
 */
export interface TableCleanup {
  readonly target: string;
  readonly table: string;
  readonly action: 'delete' | 'redact';
  readonly rows: number;
  readonly remaining: number;
  readonly at: string;
  readonly error?: string;
  readonly reclaim?: TableReclaim;
}

/**
 * The step run after the commit: PostgreSQL `VACUUM FULL` (with ANALYZE, then the statistics catalogs
 * rewritten) or `VACUUM` (with ANALYZE); DuckDB a checkpoint and a rewrite of the whole file into a
 * fresh one (the old file overwritten with zeros before it is removed), or a checkpoint only; `none`
 * when nothing was freed or there is no file.
 */
export type ReclaimStep =
  | 'duckdb checkpoint + rewrite'
  | 'duckdb checkpoint'
  | 'VACUUM FULL'
  | 'VACUUM'
  | 'none';

/** Whether the database's own files may still hold the erased values in space the clean-up freed. */
export type FreedSpace =
  | 'rewritten without them'
  | 'may still hold them'
  | 'nothing freed'
  | 'no files (in memory)';

/**
 * How a table's freed space was reclaimed. `ok: false`: the rows were deleted or redacted (see the
 * table's `rows`), but this step failed or the server skipped it; `error` says where, never with the
 * database's message. `retainedUntilRotation`: copies Lethe cannot reach, kept until their own rotation.
 */
export interface TableReclaim {
  readonly step: ReclaimStep;
  readonly ok: boolean;
  readonly freedSpace: FreedSpace;
  readonly error?: string;
  readonly retainedUntilRotation: readonly string[];
  readonly at: string;
}

/**
 * The subject's values for the warehouse: every identifier by kind, and every record the erasure found
 * by `platform.kind` (copies of platform data carry their conversation ids).
 */
export function subjectValues(
  identifiers: ReadonlyArray<{ kind: string; value: string }>,
  records: ReadonlyArray<{ platform: string; kind: string; id: string }>,
): SubjectValues {
  const out: Record<string, string[]> = {};
  const add = (k: string, v: string): void => {
    const list = out[k] ?? [];
    list.push(v);
    out[k] = list;
  };
  for (const i of identifiers) add(i.kind, i.value);
  for (const r of records) add(`${r.platform}.${r.kind}`, r.id);
  return out;
}

/** One clean-up of every configured warehouse table. */
export interface WarehouseCleanupPass {
  readonly pass: 'after_platforms' | 'late_copies';
  readonly at: string;
  readonly tables: readonly TableCleanup[];
}
