/**
 * Warehouse clean-up (src/warehouse) against the embedded DuckDB and a real PostgreSQL server (started
 * by scripts/ensure-postgres.sh; its URL in LETHE_TEST_POSTGRES_URL): delete and redact, zero rows left
 * that match, a whole table rolled back when anything would be left half-done, late copies found by the
 * end-of-window check, and hostile values handled as data.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SubjectValues, type WarehouseTable, WarehouseTableSchema } from '../../src/domain/warehouse';
import { DuckDbDatabase } from '../../src/warehouse/duckdb';
import { PostgresDatabase } from '../../src/warehouse/postgres';
import {
  CleanupIncompleteError,
  cleanTable,
  countSubjectRows,
  type Database,
} from '../../src/warehouse/target';

/** Runs setup SQL (no parameters) on either database. */
type Setup = (sql: string) => Promise<void>;

interface Target {
  readonly db: Database;
  readonly setup: Setup;
  readonly rows: (sql: string) => Promise<Array<Record<string, unknown>>>;
}

async function duckdb(): Promise<Target> {
  const db = await DuckDbDatabase.open('duckdb');
  return {
    db,
    setup: (sql) => db.run(sql),
    rows: (sql) => db.rows(sql),
  };
}

async function postgres(): Promise<Target> {
  const url = process.env.LETHE_TEST_POSTGRES_URL;
  if (!url)
    throw new Error(
      'LETHE_TEST_POSTGRES_URL is not set: run the tests through npm test (it starts PostgreSQL)',
    );
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const db = new PostgresDatabase('postgres', url);
  const close = db.close.bind(db);
  db.close = async () => {
    await admin.end();
    await close();
  };
  return {
    db,
    setup: async (sql) => {
      await admin.query(sql);
    },
    rows: async (sql) => (await admin.query(sql)).rows as Array<Record<string, unknown>>,
  };
}

const table = (t: unknown): WarehouseTable => WarehouseTableSchema.parse(t);
const EXPORTS = table({
  table: 'chat_exports',
  match: {
    customer_email: ['email'],
    customer_phone: ['phone'],
    conversation_id: ['liveperson.conversation', 'genesys.conversation'],
  },
  action: { type: 'delete' },
});
const CONTACTS = table({
  table: 'crm_contacts',
  match: { email: ['email'], phone: ['phone'] },
  action: { type: 'redact', columns: ['email', 'phone', 'full_name'], replacement: '[erased]' },
});
const SUBJECT: SubjectValues = {
  email: ['ada@example.com', 'ada.work@example.org'],
  phone: ['+447700900123'],
  'liveperson.conversation': ['conv-1', 'conv-2'],
};
const HOSTILE = [
  "o'brien@example.com",
  "x'); DROP TABLE chat_exports; --",
  'zoë@例え.jp',
  '50%_off\\\\"quoted"',
];

describe.each([
  ['DuckDB', duckdb],
  ['PostgreSQL', postgres],
])('warehouse clean-up on %s', (_name, open) => {
  let t: Target;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.db.close());
  beforeEach(async () => {
    await t.setup('DROP TABLE IF EXISTS chat_exports');
    await t.setup('DROP TABLE IF EXISTS crm_contacts');
    await t.setup(
      'CREATE TABLE chat_exports (id INTEGER, customer_email TEXT, customer_phone TEXT, conversation_id TEXT, body TEXT)',
    );
    await t.setup(
      'CREATE TABLE crm_contacts (id INTEGER, email TEXT, phone TEXT, full_name TEXT, score INTEGER)',
    );
    await t.setup(`INSERT INTO chat_exports VALUES
      (1, 'ada@example.com', NULL, 'conv-9', 'hi'),
      (2, NULL, '+447700900123', 'conv-8', 'call me'),
      (3, 'someone@example.com', NULL, 'conv-2', 'linked by conversation'),
      (4, 'ada.work@example.org', '+447700900123', 'conv-1', 'both'),
      (5, 'grace@example.org', '+447700900999', 'conv-7', 'bystander'),
      (6, 'ADA@EXAMPLE.COM.evil', NULL, 'conv-77', 'lookalike')`);
    await t.setup(`INSERT INTO crm_contacts VALUES
      (1, 'ada@example.com', '+447700900123', 'Ada Lovelace', 7),
      (2, 'grace@example.org', '+447700900999', 'Grace Hopper', 9)`);
  });

  it('deletes every row that holds one of the subject values in a matched column, and only those', async () => {
    const done = await cleanTable(t.db, EXPORTS, SUBJECT);
    expect(done).toMatchObject({ table: 'chat_exports', action: 'delete', rows: 4, remaining: 0 });
    const left = (await t.rows('SELECT id FROM chat_exports ORDER BY id')).map((r) => Number(r.id));
    expect(left).toEqual([5, 6]);
    expect(await countSubjectRows(t.db, EXPORTS, SUBJECT)).toBe(0);
  });

  it('redacts the named columns of the subject rows, keeping the rows and everyone else', async () => {
    const done = await cleanTable(t.db, CONTACTS, SUBJECT);
    expect(done).toMatchObject({ action: 'redact', rows: 1, remaining: 0 });
    const rows = await t.rows('SELECT id, email, phone, full_name, score FROM crm_contacts ORDER BY id');
    expect(rows.map((r) => [Number(r.id), r.email, r.phone, r.full_name, Number(r.score)])).toEqual([
      [1, '[erased]', '[erased]', '[erased]', 7],
      [2, 'grace@example.org', '+447700900999', 'Grace Hopper', 9],
    ]);
  });

  it('rolls the whole table back when rows would still match, and says how many', async () => {
    // A replacement that is itself one of the subject's values leaves the rows matching.
    const bad = table({ ...CONTACTS, action: { ...CONTACTS.action, replacement: 'ada@example.com' } });
    await expect(cleanTable(t.db, bad, SUBJECT)).rejects.toThrow(CleanupIncompleteError);
    const rows = await t.rows('SELECT full_name FROM crm_contacts ORDER BY id');
    expect(rows.map((r) => r.full_name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('rolls back a statement that fails part of the way (nothing half-done)', async () => {
    const typed = table({
      table: 'crm_contacts',
      match: { email: ['email'], phone: ['phone'] },
      action: { type: 'redact', columns: ['email', 'phone', 'score'], replacement: 'not a number' },
    });
    await expect(cleanTable(t.db, typed, SUBJECT)).rejects.toThrow();
    const rows = await t.rows('SELECT email FROM crm_contacts ORDER BY id');
    expect(rows.map((r) => r.email)).toEqual(['ada@example.com', 'grace@example.org']);
  });

  it('finds copies that arrived after the clean-up at the end-of-window check, and cleans them', async () => {
    await cleanTable(t.db, EXPORTS, SUBJECT);
    await t.setup(`INSERT INTO chat_exports VALUES (10, 'ada@example.com', NULL, 'conv-10', 'late copy')`);
    expect(await countSubjectRows(t.db, EXPORTS, SUBJECT)).toBe(1);
    expect(await cleanTable(t.db, EXPORTS, SUBJECT)).toMatchObject({ rows: 1, remaining: 0 });
  });

  it('handles hostile values as data: quotes, SQL, unicode, wildcards', async () => {
    for (const [i, v] of HOSTILE.entries())
      await t.setup(
        `INSERT INTO chat_exports VALUES (${100 + i}, '${v.replace(/'/g, "''")}', NULL, NULL, 'hostile')`,
      );
    await t.setup(`INSERT INTO chat_exports VALUES (200, '50%xoff', NULL, NULL, 'wildcard bystander')`);
    const done = await cleanTable(t.db, EXPORTS, { email: HOSTILE });
    expect(done.rows).toBe(HOSTILE.length);
    const left = (await t.rows('SELECT id FROM chat_exports ORDER BY id')).map((r) => Number(r.id));
    expect(left).toEqual([1, 2, 3, 4, 5, 6, 200]);
  });

  it('does nothing to a table none of whose columns the subject has values for', async () => {
    expect(await cleanTable(t.db, EXPORTS, { customerId: ['c-1'] })).toMatchObject({ rows: 0, remaining: 0 });
    expect((await t.rows('SELECT count(*) AS n FROM chat_exports'))[0]?.n).toBeTruthy();
  });
});

describe('warehouse table configuration', () => {
  it('refuses a redaction that leaves a matched column identifying the subject', () => {
    const parsed = WarehouseTableSchema.safeParse({
      table: 'crm_contacts',
      match: { email: ['email'], phone: ['phone'] },
      action: { type: 'redact', columns: ['email'] },
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('must include phone');
  });

  it('refuses table and column names that are not plain SQL names', () => {
    expect(
      WarehouseTableSchema.safeParse({
        table: 'x; DROP TABLE y',
        match: { a: ['email'] },
        action: { type: 'delete' },
      }).success,
    ).toBe(false);
    expect(
      WarehouseTableSchema.safeParse({ table: 't', match: { 'a b': ['email'] }, action: { type: 'delete' } })
        .success,
    ).toBe(false);
    expect(
      WarehouseTableSchema.safeParse({ table: 't', match: { a: ['shoeSize'] }, action: { type: 'delete' } })
        .success,
    ).toBe(false);
  });
});
