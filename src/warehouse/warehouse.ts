import type { SubjectValues, TableCleanup, WarehouseTable } from '../domain/warehouse';
import type { Secret } from '../secret';
import { DuckDbDatabase } from './duckdb';
import { PostgresDatabase } from './postgres';
import { CleanupIncompleteError, cleanTable, type Database } from './target';

/** One database and the tables in it that hold copies of platform data. */
export interface WarehouseTarget {
  readonly db: Database;
  readonly tables: readonly WarehouseTable[];
}

/**
 * Every configured warehouse table: each cleaned in its own transaction, one after another; a table
 * that cannot be cleaned is reported (rolled back, with why) and the others still are.
 */
export class Warehouse {
  constructor(private readonly targets: readonly WarehouseTarget[]) {}

  get tableCount(): number {
    return this.targets.reduce((n, t) => n + t.tables.length, 0);
  }

  async clean(values: SubjectValues): Promise<TableCleanup[]> {
    const out: TableCleanup[] = [];
    for (const { db, tables } of this.targets) {
      for (const table of tables) {
        try {
          out.push(await cleanTable(db, table, values));
        } catch (err) {
          out.push({
            target: db.name,
            table: table.table,
            action: table.action.type,
            rows: 0,
            remaining: err instanceof CleanupIncompleteError ? err.remaining : -1,
            at: new Date().toISOString(),
            error: describe(err),
          });
        }
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.targets.map((t) => t.db.close()));
  }
}

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
