/**
 * Erased means gone from the files too, on DuckDB: after the clean-up the raw database file (and any
 * WAL or file left beside it) holds none of the erased values, read as bytes. DuckDB's own compression
 * would hide values from a byte scan, so the test stores them uncompressed (`force_compression`), and
 * proves the scan can see them: before the clean-up, and the bystanders' values after it.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WarehouseTableSchema } from '../../src/domain/warehouse';
import { DuckDbDatabase } from '../../src/warehouse/duckdb';
import { firstDifference } from '../../src/warehouse/duckdb-fingerprint';
import { Warehouse } from '../../src/warehouse/warehouse';
import { filesUnder, scan, valuesFound } from '../helpers/warehouse-scan';

const SUBJECT = {
  email: ['ada.lovelace@example.com', 'ada.work@analytical.example.org'],
  phone: ['+447700900123'],
};
const NAME = 'Ada Augusta Lovelace';
const ERASED = [...SUBJECT.email, ...SUBJECT.phone, NAME];
const BYSTANDERS = ['grace.hopper@example.org', '+447700900999', 'Grace Brewster Hopper'];

const tables = (reclaim: 'rewrite' | 'in-place') => [
  WarehouseTableSchema.parse({
    table: 'chat_exports',
    match: { customer_email: ['email'], customer_phone: ['phone'] },
    action: { type: 'delete' },
    reclaim,
  }),
  WarehouseTableSchema.parse({
    table: 'crm.contacts',
    match: { email: ['email'], phone: ['phone'] },
    action: { type: 'redact', columns: ['email', 'phone', 'full_name'] },
    reclaim,
  }),
];

let dir: string;
let path: string;
let db: DuckDbDatabase | undefined;

/** A file warehouse: a thousand people, the subject's rows among them, checkpointed into the file. */
async function seeded(): Promise<DuckDbDatabase> {
  const opened = await DuckDbDatabase.open('exports', path);
  db = opened;
  await opened.run("SET force_compression = 'uncompressed'");
  await opened.run('CREATE SEQUENCE contact_ids START 1');
  await opened.run(
    'CREATE TABLE chat_exports (id INTEGER PRIMARY KEY, customer_email TEXT, customer_phone TEXT, body TEXT)',
  );
  await opened.run('CREATE INDEX chat_exports_email ON chat_exports (customer_email)');
  await opened.run('CREATE SCHEMA crm');
  await opened.run(
    "CREATE TABLE crm.contacts (id INTEGER DEFAULT nextval('contact_ids'), email TEXT, phone TEXT, full_name TEXT)",
  );
  await opened.run('CREATE VIEW named_contacts AS SELECT full_name FROM crm.contacts');
  await opened.run(
    `INSERT INTO chat_exports SELECT i, 'user' || i || '@example.com', '+4477001' || lpad(i::VARCHAR, 5, '0'), 'transcript ' || i FROM range(1000) t(i)`,
  );
  await opened.run(
    'INSERT INTO chat_exports VALUES (5001, $1, NULL, $2), (5002, $3, $4, $2), (5003, $5, $6, $7)',
    [
      SUBJECT.email[0] ?? '',
      `${NAME} wrote in`,
      SUBJECT.email[1] ?? '',
      SUBJECT.phone[0] ?? '',
      BYSTANDERS[0] ?? '',
      BYSTANDERS[1] ?? '',
      `${BYSTANDERS[2]} wrote in`,
    ],
  );
  await opened.run(
    `INSERT INTO crm.contacts (email, phone, full_name) SELECT 'user' || i || '@example.com', '+4477002' || lpad(i::VARCHAR, 5, '0'), 'Person ' || i FROM range(1000) t(i)`,
  );
  await opened.run('INSERT INTO crm.contacts (email, phone, full_name) VALUES ($1, $2, $3), ($4, $5, $6)', [
    SUBJECT.email[0] ?? '',
    SUBJECT.phone[0] ?? '',
    NAME,
    BYSTANDERS[0] ?? '',
    BYSTANDERS[1] ?? '',
    BYSTANDERS[2] ?? '',
  ]);
  await opened.run('CHECKPOINT');
  return opened;
}

const scanDir = (values: readonly string[]) => scan(filesUnder(dir), values, dir);

/** Everything a file descriptor still reads, even after its file was removed. */
function readAll(fd: number): Buffer {
  const bytes = Buffer.alloc(fstatSync(fd).size);
  readSync(fd, bytes, 0, bytes.length, 0);
  return bytes;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lethe-duckdb-reclaim-'));
  path = join(dir, 'exports.duckdb');
});
afterEach(async () => {
  await db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('DuckDB: erased values gone from the file', () => {
  it('finds the values in the file before, none of them after the clean-up and its rewrite', async () => {
    const opened = await seeded();
    // The scan sees the values where DuckDB put them: the test can fail.
    expect(valuesFound(scanDir(ERASED))).toEqual([0, 1, 2, 3]);
    const old = openSync(path, 'r'); // the old file, to read after it is swapped out and removed

    const results = await new Warehouse([{ db: opened, tables: tables('rewrite') }]).clean(SUBJECT);

    expect(results.map((r) => [r.table, r.rows, r.remaining, r.error])).toEqual([
      ['chat_exports', 2, 0, undefined],
      ['crm.contacts', 1, 0, undefined],
    ]);
    for (const r of results)
      expect(r.reclaim).toMatchObject({
        step: 'duckdb checkpoint + rewrite',
        ok: true,
        freedSpace: 'rewritten without them',
        retainedUntilRotation: expect.arrayContaining(['backups and copies of the DuckDB file']),
      });
    expect(scanDir(ERASED)).toEqual([]);
    // The bystanders are still in the file, as bytes the scan reads: it looked at the right place.
    expect(valuesFound(scanDir(BYSTANDERS))).toEqual([0, 1, 2]);
    expect(readdirSync(dir)).toEqual(['exports.duckdb']); // no WAL, no old or half-written file
    // The old file's bytes were overwritten before it was removed, not merely unlinked.
    const oldBytes = readAll(old);
    closeSync(old);
    expect(oldBytes.length).toBeGreaterThan(0);
    expect(oldBytes.every((b) => b === 0)).toBe(true);
  });

  it('leaves the database whole after the rewrite: rows, index, view, sequence', async () => {
    const opened = await seeded();
    await new Warehouse([{ db: opened, tables: tables('rewrite') }]).clean(SUBJECT);

    expect(await opened.rows('SELECT count(*)::INTEGER AS n FROM chat_exports')).toEqual([{ n: 1001 }]);
    expect(
      await opened.rows("SELECT count(*)::INTEGER AS n FROM crm.contacts WHERE full_name = '[erased]'"),
    ).toEqual([{ n: 1 }]);
    expect(
      await opened.rows("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'chat_exports'"),
    ).toEqual([{ index_name: 'chat_exports_email' }]);
    expect(await opened.rows('SELECT count(*)::INTEGER AS n FROM named_contacts')).toEqual([{ n: 1002 }]);
    await opened.run("INSERT INTO crm.contacts (email) VALUES ('new@example.com')");
    expect(await opened.rows("SELECT id FROM crm.contacts WHERE email = 'new@example.com'")).toEqual([
      { id: 1003 },
    ]);
    await expect(opened.run("INSERT INTO chat_exports VALUES (5003, 'dup', NULL, 'x')")).rejects.toThrow(
      /constraint/i,
    );
  });

  it('with in-place reclaim only checkpoints, and says freed space may still hold the values (it does)', async () => {
    const opened = await seeded();
    const results = await new Warehouse([{ db: opened, tables: tables('in-place') }]).clean(SUBJECT);

    for (const r of results)
      expect(r.reclaim).toMatchObject({
        step: 'duckdb checkpoint',
        ok: true,
        freedSpace: 'may still hold them',
      });
    expect(
      await opened.rows(
        "SELECT count(*)::INTEGER AS n FROM chat_exports WHERE customer_phone = '+447700900123'",
      ),
    ).toEqual([{ n: 0 }]);
    // What the default step exists for: DuckDB's checkpoint does not overwrite what it frees.
    expect(scanDir(ERASED).length).toBeGreaterThan(0);
  });

  it('says plainly when the rewrite fails (rows deleted, reclaim failed), and the next pass reclaims', async () => {
    const opened = await seeded();
    mkdirSync(`${path}.lethe-rewrite`); // something in the way of the fresh file
    const warehouse = new Warehouse([{ db: opened, tables: tables('rewrite') }]);
    const results = await warehouse.clean(SUBJECT);

    expect(results.map((r) => [r.rows, r.remaining, r.error])).toEqual([
      [2, 0, undefined],
      [1, 0, undefined],
    ]);
    for (const r of results) {
      expect(r.reclaim).toMatchObject({
        step: 'duckdb checkpoint + rewrite',
        ok: false,
        freedSpace: 'may still hold them',
      });
      expect(r.reclaim?.error).toMatch(
        /^the rewrite failed before the swap \(E[A-Z]+\); the file is unchanged$/,
      );
    }
    expect(await opened.rows('SELECT count(*)::INTEGER AS n FROM chat_exports')).toEqual([{ n: 1001 }]);
    expect(valuesFound(scanDir(ERASED))).toEqual([0, 1, 2, 3]);

    // The late-copy pass finds no rows, but reclaims what the failed step left.
    rmSync(`${path}.lethe-rewrite`, { recursive: true });
    const again = await warehouse.clean(SUBJECT);
    expect(again.map((r) => [r.rows, r.reclaim?.step, r.reclaim?.ok])).toEqual([
      [0, 'duckdb checkpoint + rewrite', true],
      [0, 'duckdb checkpoint + rewrite', true],
    ]);
    expect(scanDir(ERASED)).toEqual([]);
    // And once reclaimed, a pass that finds nothing frees nothing.
    expect((await warehouse.clean(SUBJECT)).map((r) => r.reclaim?.step)).toEqual(['none', 'none']);
  });

  it('never swaps in a copy that differs from the live database: the check before the swap', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      for (const name of ['live', 'copy']) {
        await c.run(`ATTACH ':memory:' AS ${name}`);
        await c.run(`CREATE TABLE ${name}.main.t (id INTEGER PRIMARY KEY, email TEXT)`);
        await c.run(`INSERT INTO ${name}.main.t VALUES (1, 'a'), (2, 'b')`);
      }
      expect(await firstDifference(c, 'live', 'copy')).toBeUndefined();
      await c.run('CREATE INDEX t_email ON live.main.t (email)');
      expect(await firstDifference(c, 'live', 'copy')).toBe('indexes');
      await c.run('CREATE INDEX t_email ON copy.main.t (email)');
      await c.run('DELETE FROM copy.main.t WHERE id = 2');
      expect(await firstDifference(c, 'live', 'copy')).toBe('rows');
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it('overwrites what an interrupted rewrite left beside the file when it opens it', async () => {
    const opened = await seeded();
    await opened.close();
    db = undefined;
    // A crash after the old file got its second name but before the swap: the same file twice.
    linkSync(path, `${path}.lethe-old`);
    writeFileSync(`${path}.lethe-rewrite`, `${NAME} half-written`);
    const reopened = await DuckDbDatabase.open('exports', path);
    db = reopened;
    expect(readdirSync(dir)).toEqual(['exports.duckdb']);
    expect(await reopened.rows('SELECT count(*)::INTEGER AS n FROM chat_exports')).toEqual([{ n: 1003 }]);
    await reopened.close();
    db = undefined;
    // A crash after the swap: the old file, with the erased values, is overwritten before removal.
    writeFileSync(`${path}.lethe-old`, `${SUBJECT.email[0]} ${NAME}`);
    const old = openSync(`${path}.lethe-old`, 'r');
    db = await DuckDbDatabase.open('exports', path);
    expect(existsSync(`${path}.lethe-old`)).toBe(false);
    const oldBytes = readAll(old);
    closeSync(old);
    expect(oldBytes.length).toBeGreaterThan(0);
    expect(oldBytes.every((b) => b === 0)).toBe(true);
  });

  it('names no step beyond memory for an in-memory database', async () => {
    const memory = await DuckDbDatabase.open('memory');
    db = memory;
    await memory.run('CREATE TABLE chat_exports (customer_email TEXT, customer_phone TEXT)');
    await memory.run('CREATE SCHEMA crm');
    await memory.run('CREATE TABLE crm.contacts (email TEXT, phone TEXT, full_name TEXT)');
    await memory.run('INSERT INTO chat_exports VALUES ($1, NULL)', [SUBJECT.email[0] ?? '']);
    const [exports] = await new Warehouse([{ db: memory, tables: tables('rewrite') }]).clean(SUBJECT);
    expect(exports?.reclaim).toMatchObject({ step: 'none', ok: true, freedSpace: 'no files (in memory)' });
  });
});
