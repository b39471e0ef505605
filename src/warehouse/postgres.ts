import pg from 'pg';
import type { TableReclaim, WarehouseTable } from '../domain/warehouse';
import { vacuumTables } from './postgres-vacuum';
import { failureCode, postgresRetained, reclaimAnswer } from './reclaim';
import type { Database, Transaction } from './target';

/** A PostgreSQL warehouse through one connection pool; each clean-up is one transaction. */
export class PostgresDatabase implements Database {
  private readonly pool: pg.Pool;

  constructor(
    readonly name: string,
    connectionString: string,
  ) {
    this.pool = new pg.Pool({ connectionString, max: 4 });
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Transaction = {
        execute: async (sql, params) => (await client.query(sql, [...params])).rowCount ?? 0,
        count: async (sql, params) =>
          Number((await client.query<{ n: string }>(sql, [...params])).rows[0]?.n ?? 0),
      };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** VACUUM (FULL by default) after the clean-up committed: see `vacuumTables`. */
  async reclaim(tables: readonly WarehouseTable[]): Promise<ReadonlyMap<string, TableReclaim>> {
    try {
      return await vacuumTables(this.pool, tables);
    } catch (err) {
      // No connection (or its session could not be set up): nothing was vacuumed.
      const code = failureCode(err);
      return new Map(
        tables.map((t) => {
          const step = t.reclaim === 'rewrite' ? 'VACUUM FULL' : 'VACUUM';
          return [
            t.table,
            reclaimAnswer(step, 'may still hold them', postgresRetained, `${step} not run (${code})`),
          ];
        }),
      );
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
