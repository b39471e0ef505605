/**
 * The Temporal server the scale bench runs against: by default a dev server of its own keeping its
 * SQLite database in a file; with LETHE_BENCH_TEMPORAL_ADDRESS, a running cluster (`scripts/cluster.sh
 * start` prints what to set), its database size read from PostgreSQL (LETHE_BENCH_POSTGRES_URL) and its
 * RSS from the process whose command line holds LETHE_BENCH_SERVER_MATCH.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { startDevServer } from '../../src/local/dev-server';
import { pidWithArgument, rssMbOf } from './processes';

export interface ScaleServer {
  readonly address: string;
  readonly namespace: string;
  /** Where it runs: `dev server` or `cluster`. */
  readonly kind: string;
  /** NaN when it cannot be read (a cluster without LETHE_BENCH_SERVER_MATCH). */
  rssMb(): number;
  /** NaN when it cannot be read (a cluster without LETHE_BENCH_POSTGRES_URL). */
  databaseMb(): Promise<number>;
  close(): Promise<void>;
}

const MB = 1_048_576;

export async function openScaleServer(dir: string): Promise<ScaleServer> {
  const address = process.env.LETHE_BENCH_TEMPORAL_ADDRESS;
  if (address) return cluster(address);
  const dbFile = join(dir, 'temporal.db');
  const env = await startDevServer({ dbFilename: dbFile });
  const pid = pidWithArgument(dbFile);
  return {
    address: env.address,
    namespace: env.namespace ?? 'default',
    kind: 'dev server (SQLite file)',
    rssMb: () => (pid ? rssMbOf(pid) : Number.NaN),
    databaseMb: async () =>
      ['', '-wal', '-shm'].reduce(
        (n, s) => n + (statSync(`${dbFile}${s}`, { throwIfNoEntry: false })?.size ?? 0),
        0,
      ) / MB,
    close: () => env.teardown(),
  };
}

function cluster(address: string): ScaleServer {
  const match = process.env.LETHE_BENCH_SERVER_MATCH;
  const url = process.env.LETHE_BENCH_POSTGRES_URL;
  return {
    address,
    namespace: process.env.LETHE_BENCH_TEMPORAL_NAMESPACE ?? 'lethe',
    kind: 'cluster (PostgreSQL)',
    rssMb: () => {
      const pid = match ? pidWithArgument(match) : undefined;
      return pid ? rssMbOf(pid) : Number.NaN;
    },
    async databaseMb() {
      if (!url) return Number.NaN;
      const pg = new PgClient({ connectionString: url });
      await pg.connect();
      try {
        const { rows } = await pg.query<{ bytes: string }>(
          "SELECT sum(pg_database_size(datname))::text AS bytes FROM pg_database WHERE datname IN ('temporal', 'temporal_visibility')",
        );
        return Number(rows[0]?.bytes ?? Number.NaN) / MB;
      } finally {
        await pg.end();
      }
    },
    close: async () => undefined,
  };
}
