import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { WarehouseTableSchema } from '../../src/domain/warehouse';
import { DuckDbDatabase } from '../../src/warehouse/duckdb';
import { PostgresDatabase } from '../../src/warehouse/postgres';
import { cleanTable } from '../../src/warehouse/target';
import { type Figure, median, round, timed } from '../figures';

const ROWS = 1_000_000;
const SUBJECT_ROWS = 40;
const RUNS = 3;
const SUBJECT = 'ada@example.com';

const TABLE = (name: string) =>
  WarehouseTableSchema.parse({
    table: name,
    match: { email: ['email'], phone: ['phone'] },
    action: { type: 'delete' },
  });
/** The hand-written baseline: one DELETE with the same predicate, no transaction around it, no count after. */
const HAND = (name: string, placeholder: (n: number) => string) =>
  `DELETE FROM ${name} WHERE email IN (${placeholder(1)}) OR phone IN (${placeholder(2)})`;
const VALUES = { email: [SUBJECT], phone: ['+447700900123'] };

/**
 * One subject's rows (40) cleaned out of a 1,000,000-row table by Lethe (a transaction, the DELETE, the
 * zero count) beside a single hand-written DELETE with the same predicate, each on a fresh copy of the
 * same table, on the embedded DuckDB and on PostgreSQL (a throwaway server started for the run).
 */
export async function warehouseSuite(): Promise<Figure[]> {
  return [...(await duckdb()), ...(await postgres())];
}

async function duckdb(): Promise<Figure[]> {
  const db = await DuckDbDatabase.open('duckdb');
  try {
    await db.run(
      `CREATE TABLE base AS SELECT i AS id,
        CASE WHEN i % ${ROWS / SUBJECT_ROWS} = 0 THEN '${SUBJECT}' ELSE 'user' || i || '@example.com' END AS email,
        '+4477009' || lpad(CAST(i % 100000 AS VARCHAR), 5, '0') AS phone, 'transcript ' || i AS body
       FROM range(${ROWS}) t(i)`,
    );
    const lethe: number[] = [];
    const hand: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await db.run('CREATE OR REPLACE TABLE a AS SELECT * FROM base');
      await db.run('CREATE OR REPLACE TABLE b AS SELECT * FROM base');
      hand.push(
        await timed(() =>
          db.run(
            HAND('a', (n) => `$${n}`),
            [SUBJECT, '+447700900123'],
          ),
        ),
      );
      lethe.push(await timed(() => cleanTable(db, TABLE('b'), VALUES)));
    }
    const [l, h] = [median(lethe), median(hand)];
    return [
      {
        name: 'duckdb_ms',
        value: round(l),
        unit: `ms (${SUBJECT_ROWS} rows of ${ROWS.toLocaleString('en')}, median of ${RUNS})`,
      },
      { name: 'duckdb_baseline_ms', value: round(h), unit: 'ms (one hand-written DELETE, same predicate)' },
      { name: 'duckdb_ratio', value: round(l / h), unit: 'x the hand-written DELETE' },
    ];
  } finally {
    await db.close();
  }
}

async function postgres(): Promise<Figure[]> {
  const started = execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'ensure-postgres.sh')], {
    encoding: 'utf8',
  }).trim();
  const [url, dir] = started.split(' ') as [string, string];
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const db = new PostgresDatabase('postgres', url);
  try {
    await admin.query(
      `CREATE TABLE base AS SELECT i AS id,
        CASE WHEN i % ${ROWS / SUBJECT_ROWS} = 0 THEN '${SUBJECT}' ELSE 'user' || i || '@example.com' END AS email,
        '+4477009' || lpad((i % 100000)::text, 5, '0') AS phone, 'transcript ' || i AS body
       FROM generate_series(0, ${ROWS - 1}) i`,
    );
    const lethe: number[] = [];
    const hand: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await admin.query(
        'DROP TABLE IF EXISTS a; DROP TABLE IF EXISTS b; CREATE TABLE a AS SELECT * FROM base; CREATE TABLE b AS SELECT * FROM base; ANALYZE a; ANALYZE b',
      );
      hand.push(
        await timed(() =>
          admin.query(
            HAND('a', (n) => `$${n}`),
            [SUBJECT, '+447700900123'],
          ),
        ),
      );
      lethe.push(await timed(() => cleanTable(db, TABLE('b'), VALUES)));
    }
    const [l, h] = [median(lethe), median(hand)];
    return [
      {
        name: 'postgres_ms',
        value: round(l),
        unit: `ms (${SUBJECT_ROWS} rows of ${ROWS.toLocaleString('en')}, median of ${RUNS})`,
      },
      { name: 'postgres_baseline_ms', value: round(h), unit: 'ms (one hand-written DELETE, same predicate)' },
      { name: 'postgres_ratio', value: round(l / h), unit: 'x the hand-written DELETE' },
    ];
  } finally {
    await admin.end();
    await db.close();
    execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'ensure-postgres.sh'), 'stop', dir]);
  }
}
