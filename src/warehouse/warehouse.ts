import type { Secret } from '../config/secret';
import type { SubjectValues, TableCleanup, TableReclaim, WarehouseTable } from '../domain/warehouse';
import { DuckDbDatabase } from './duckdb';
import { PostgresDatabase } from './postgres';
import { failureCode, reclaimAnswer } from './reclaim';
import { CleanupIncompleteError, cleanTable, type Database } from './target';

/** One database and the tables in it that hold copies of platform data. */
export interface WarehouseTarget {
  readonly db: Database;
  readonly tables: readonly WarehouseTable[];
}

/**
 * Every configured warehouse table: each cleaned in its own transaction, one after another; a table
 * that cannot be cleaned is reported (rolled back, with why) and the others still are. Then, per
 * database, the space the committed clean-ups freed is reclaimed.
 */
export class Warehouse {
  /**
   * Tables (`target:table`) whose clean-up committed but whose reclaim has not yet succeeded in this
   * process (it failed, or a timed-out attempt is still running): the next clean-up reclaims them
   * again even when it finds no rows itself.
   */
  private readonly unreclaimed = new Set<string>();

  constructor(private readonly targets: readonly WarehouseTarget[]) {}

  get tableCount(): number {
    return this.targets.reduce((n, t) => n + t.tables.length, 0);
  }

  /**
   * A table's result names its reclaim step and says plainly when it failed: its rows stay counted as
   * deleted or redacted, and `reclaim.ok` is false.
   */
  async clean(values: SubjectValues): Promise<TableCleanup[]> {
    const out: TableCleanup[] = [];
    for (const { db, tables } of this.targets) {
      const key = (table: WarehouseTable): string => `${db.name}:${table.table}`;
      const done: Array<{ table: WarehouseTable; result: TableCleanup }> = [];
      for (const table of tables) done.push({ table, result: await cleanOne(db, table, values) });
      const changed = done
        .filter(
          (d) => d.result.error === undefined && (d.result.rows > 0 || this.unreclaimed.has(key(d.table))),
        )
        .map((d) => d.table);
      for (const table of changed) this.unreclaimed.add(key(table));
      const reclaimed = changed.length > 0 ? await reclaim(db, changed) : new Map<string, TableReclaim>();
      for (const { table, result } of done) {
        if (result.error !== undefined) {
          out.push(result); // rolled back: nothing was freed
          continue;
        }
        const answer = reclaimed.get(table.table);
        if (answer?.ok) this.unreclaimed.delete(key(table));
        out.push({ ...result, reclaim: answer ?? nothingFreed() });
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.targets.map((t) => t.db.close()));
  }
}

/** One table's clean-up; a failure is its result (rolled back, with why), never thrown. */
async function cleanOne(db: Database, table: WarehouseTable, values: SubjectValues): Promise<TableCleanup> {
  try {
    return await cleanTable(db, table, values);
  } catch (err) {
    return {
      target: db.name,
      table: table.table,
      action: table.action.type,
      rows: 0,
      remaining: err instanceof CleanupIncompleteError ? err.remaining : -1,
      at: new Date().toISOString(),
      error: describe(err),
    };
  }
}

/** The database's reclaim; should it throw all the same, every table says so. */
async function reclaim(
  db: Database,
  tables: readonly WarehouseTable[],
): Promise<ReadonlyMap<string, TableReclaim>> {
  try {
    return await db.reclaim(tables);
  } catch (err) {
    const answer = reclaimAnswer(
      'none',
      'may still hold them',
      [],
      `the reclaim step failed (${failureCode(err)})`,
    );
    return new Map(tables.map((t) => [t.table, answer]));
  }
}

/** A committed clean-up that deleted or redacted nothing freed nothing. */
const nothingFreed = (): TableReclaim => reclaimAnswer('none', 'nothing freed', []);

/** Why a table failed, without the database's own message (it may quote the values it choked on). */
function describe(err: unknown): string {
  if (err instanceof CleanupIncompleteError) return err.message;
  const code = (err as { code?: unknown }).code;
  return `the clean-up statement failed and was rolled back${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}`;
}

/** Opens the configured warehouses (DuckDB files, PostgreSQL pools). */
export async function openWarehouse(
  targets: ReadonlyArray<
    | { type: 'duckdb'; name: string; path: string; tables: WarehouseTable[] }
    | { type: 'postgres'; name: string; url: Secret; tables: WarehouseTable[] }
  >,
): Promise<Warehouse> {
  const opened: WarehouseTarget[] = [];
  for (const t of targets) {
    const db =
      t.type === 'duckdb'
        ? await DuckDbDatabase.open(t.name, t.path)
        : new PostgresDatabase(t.name, t.url.reveal());
    opened.push({ db, tables: t.tables });
  }
  return new Warehouse(opened);
}
