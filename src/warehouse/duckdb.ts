import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Database, Transaction } from './target';

/**
 * The embedded warehouse (DuckDB, a file or `:memory:`): one connection, transactions one after
 * another (DuckDB serialises writers anyway).
 */
export class DuckDbDatabase implements Database {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly name: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(name: string, path = ':memory:'): Promise<DuckDbDatabase> {
    const instance = await DuckDBInstance.create(path);
    return new DuckDbDatabase(name, instance, await instance.connect());
  }

  /** Runs SQL outside a clean-up transaction (setting up tables, loading rows). */
  async run(sql: string, params: readonly (string | number)[] = []): Promise<void> {
    await this.connection.run(sql, params.length > 0 ? [...params] : undefined);
  }

  /** Reads rows outside a clean-up transaction (checks, reports). */
  async rows(sql: string): Promise<Array<Record<string, unknown>>> {
    return (await this.connection.runAndReadAll(sql)).getRowObjects() as Array<Record<string, unknown>>;
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      const tx: Transaction = {
        execute: async (sql, params) => {
          const result = await this.connection.run(sql, [...params]);
          return Number(result.rowsChanged);
        },
        count: async (sql, params) => {
          const reader = await this.connection.runAndReadAll(sql, [...params]);
          return Number((reader.getRowObjects()[0] as { n?: bigint | number } | undefined)?.n ?? 0);
        },
      };
      try {
        const result = await fn(tx);
        await this.connection.run('COMMIT');
        return result;
      } catch (err) {
        await this.connection.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
