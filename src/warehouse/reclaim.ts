import type { FreedSpace, ReclaimStep, TableReclaim, WarehouseTable } from '../domain/warehouse';

/** What a PostgreSQL clean-up cannot reach: kept until the server's and the operator's own rotation. */
export const postgresRetained = [
  'PostgreSQL WAL (pg_wal until recycled after checkpoints; WAL archives, replication slots and standbys)',
  'backups and dumps of the database',
  'server logs, if statement logging records parameters',
  'file-system blocks the old relation files occupied (freed by the server, not overwritten)',
] as const;

/** What a DuckDB clean-up cannot reach. Its WAL is checkpointed away first (and checked): not listed. */
export const duckdbRetained = [
  'backups and copies of the DuckDB file',
  'storage below the file system (snapshots, copy-on-write file systems, SSD block remapping)',
] as const;

/** One answer for every table, by name. */
export function answerAll(
  tables: readonly WarehouseTable[],
  answer: TableReclaim,
): ReadonlyMap<string, TableReclaim> {
  return new Map(tables.map((t) => [t.table, answer]));
}

/** A reclaim answer; a failed one always says the freed space may still hold the values. */
export function reclaimAnswer(
  step: ReclaimStep,
  freedSpace: FreedSpace,
  retained: readonly string[],
  error?: string,
): TableReclaim {
  return {
    step,
    ok: error === undefined,
    freedSpace: error === undefined ? freedSpace : 'may still hold them',
    ...(error === undefined ? {} : { error }),
    retainedUntilRotation: [...retained],
    at: new Date().toISOString(),
  };
}

/**
 * Why a step failed, from the error's code only (SQLSTATE, errno name): the database's own message is
 * never kept, since it may quote the values it choked on.
 */
export function failureCode(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,24}$/.test(code)) return code;
  // DuckDB names its error type before the colon ("IO Error: …"): keep the type, drop the rest.
  const type = err instanceof Error ? /^([A-Za-z ]{2,40} Error):/.exec(err.message)?.[1] : undefined;
  return type ?? (err instanceof Error ? err.name : 'error');
}
