import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { TableReclaim, WarehouseTable } from '../domain/warehouse';
import { copyIntoFreshFile, overwriteAndRemove, removeLeftovers, swapIn, walLeft } from './duckdb-rewrite';
import { answerAll, duckdbRetained, failureCode, reclaimAnswer } from './reclaim';
import type { Database, Transaction } from './target';

/** A path DuckDB keeps in memory, or behind an extension (`md:`, `s3://`): no local file to rewrite. */
const inMemory = (path: string): boolean => path === '' || path.startsWith(':memory:');
const localFile = (path: string): boolean => !inMemory(path) && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path);

/**
 * The embedded warehouse (DuckDB, a file or `:memory:`): one connection, everything on it one after
 * another (DuckDB serialises writers anyway, and the file rewrite closes and reopens it).
 */
export class DuckDbDatabase implements Database {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly name: string,
    private readonly path: string,
    private instance: DuckDBInstance,
    private connection: DuckDBConnection,
  ) {}

  static async open(name: string, path = ':memory:'): Promise<DuckDbDatabase> {
    if (localFile(path)) await removeLeftovers(path); // an interrupted rewrite's files, old bytes included
    const instance = await DuckDBInstance.create(path);
    return new DuckDbDatabase(name, path, instance, await instance.connect());
  }

  /** Runs `fn` after everything queued before it. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs SQL outside a clean-up transaction (setting up tables, loading rows). */
  run(sql: string, params: readonly (string | number)[] = []): Promise<void> {
    return this.serial(async () => {
      await this.connection.run(sql, params.length > 0 ? [...params] : undefined);
    });
  }

  /** Reads rows outside a clean-up transaction (checks, reports). */
  rows(sql: string): Promise<Array<Record<string, unknown>>> {
    return this.serial(
      async () =>
        (await this.connection.runAndReadAll(sql)).getRowObjects() as Array<Record<string, unknown>>,
    );
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.serial(async () => {
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
  }

  /**
   * A checkpoint (the WAL folded into the file and removed), then, unless every table asked for
   * `in-place`, the whole file rewritten (see duckdb-rewrite.ts). One answer for all the tables: the
   * file is one.
   */
  reclaim(tables: readonly WarehouseTable[]): Promise<ReadonlyMap<string, TableReclaim>> {
    return this.serial(async () => {
      if (inMemory(this.path))
        return answerAll(
          tables,
          reclaimAnswer('none', 'no files (in memory)', ['the worker process memory, until it is reused']),
        );
      const rewrite = tables.some((t) => t.reclaim === 'rewrite');
      const step = rewrite ? 'duckdb checkpoint + rewrite' : 'duckdb checkpoint';
      const freed = rewrite ? 'rewritten without them' : 'may still hold them';
      const error = localFile(this.path)
        ? await this.checkpointAndRewrite(rewrite)
        : 'not a local file: it cannot be rewritten';
      return answerAll(tables, reclaimAnswer(step, freed, duckdbRetained, error));
    });
  }

  /** Undefined when done; otherwise where it stopped and why (codes only), the database still usable. */
  private async checkpointAndRewrite(rewrite: boolean): Promise<string | undefined> {
    try {
      await this.connection.run('CHECKPOINT');
    } catch (err) {
      return `the checkpoint failed (${failureCode(err)})`;
    }
    if (!rewrite) return (await walLeft(this.path)) ? 'a WAL file was left after the checkpoint' : undefined;
    let fresh: string;
    try {
      fresh = await copyIntoFreshFile(this.connection, this.path);
    } catch (err) {
      return `the rewrite failed before the swap (${failureCode(err)}); the file is unchanged`;
    }
    this.closeHandles();
    let old: string | undefined;
    let swapError: string | undefined;
    try {
      old = await swapIn(this.path, fresh);
    } catch (err) {
      swapError = `the swap failed (${failureCode(err)}); the old file is still in use`;
      await overwriteAndRemove(fresh).catch(() => undefined);
    }
    try {
      this.instance = await DuckDBInstance.create(this.path);
      this.connection = await this.instance.connect();
    } catch (err) {
      return `the database could not be reopened after the swap (${failureCode(err)})`;
    }
    if (swapError || !old) return swapError ?? 'the swap failed';
    try {
      await overwriteAndRemove(old);
    } catch (err) {
      return `the database was rewritten, but the old file was not overwritten (${failureCode(err)}); the next open overwrites it`;
    }
    return (await walLeft(this.path)) ? 'a WAL file was left after the rewrite' : undefined;
  }

  private closeHandles(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  close(): Promise<void> {
    return this.serial(async () => this.closeHandles());
  }
}
