/**
 * Erased means gone from the files too, on PostgreSQL (the server scripts/ensure-postgres.sh starts; its
 * URL in LETHE_TEST_POSTGRES_URL): after the clean-up, no file of the cluster's data directory (heap,
 * indexes, TOAST, the statistics catalog, everything but pg_wal, which the result names as retained)
 * holds an erased value as bytes. The values are laid out where plain VACUUM leaves them behind (the
 * newest tuple of a page, TOAST pages freed whole) and stored uncompressed, and the scan proves it can
 * see them: before the clean-up, and the bystanders' values after it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubjectValues, WarehouseTableSchema } from '../../src/domain/warehouse';
import { PostgresDatabase } from '../../src/warehouse/postgres';
import { Warehouse } from '../../src/warehouse/warehouse';
import { filesOf, filesUnder, relationFiles, scan, valuesFound } from '../helpers/warehouse-scan';

const url = process.env.LETHE_TEST_POSTGRES_URL;
let admin: pg.Client;
let dataDir: string;

beforeAll(async () => {
  if (!url)
    throw new Error(
      'LETHE_TEST_POSTGRES_URL is not set: run the tests through npm test (it starts PostgreSQL)',
    );
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  dataDir =
    (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory ?? '';
});
afterAll(async () => {
  await admin?.end();
});

/** One person's values and a bystander's, unique to the test so no other test's rows can match them. */
function people() {
  const tag = randomBytes(5).toString('hex');
  const digits = String(Number.parseInt(tag, 16) % 1e7).padStart(7, '0');
  const subject = {
    email: [`ada.${tag}@example.com`, `ada.work.${tag}@example.org`],
    phone: [`+44770${digits}`],
  } satisfies SubjectValues;
  const name = `Ada ${tag} Lovelace`;
  return {
    tag,
    subject,
    name,
    erased: [...subject.email, ...subject.phone, name],
    bystanders: [`grace.${tag}@example.org`, `+44771${digits}`, `Grace ${tag} Hopper`],
  };
}
type People = ReturnType<typeof people>;

/**
 * Two tables holding the subject among a thousand others: exports (deleted), with long transcripts
 * out of line in TOAST, and contacts (redacted). Each subject row is the last one written on its page,
 * where pruning leaves the bytes of a dead tuple in the page's free space; analysed, so the planner
 * statistics sample their values too; checkpointed, so everything is in the files.
 */
async function seed(p: People): Promise<{ exports: string; contacts: string }> {
  const exports = `reclaim_exports_${p.tag}`;
  const contacts = `reclaim_contacts_${p.tag}`;
  const [email0, email1] = p.subject.email;
  const [phone] = p.subject.phone;
  const [otherEmail, otherPhone, otherName] = p.bystanders;
  await admin.query(`CREATE TABLE ${exports} (id int PRIMARY KEY, customer_email text, customer_phone text, body text);
    ALTER TABLE ${exports} ALTER COLUMN body SET STORAGE EXTERNAL;
    CREATE INDEX ON ${exports} (customer_email);
    CREATE TABLE ${contacts} (id int PRIMARY KEY, email text, phone text, full_name text);
    CREATE INDEX ON ${contacts} (email)`);
  const others = (from: number) =>
    admin.query(
      `INSERT INTO ${exports} SELECT i, 'user' || i || '@example.com', '+4477003' || lpad(i::text, 5, '0'),
         repeat('transcript ' || i || ' ', 200) FROM generate_series($1::int, $1::int + 299) i`,
      [from],
    );
  await others(1);
  await admin.query(`INSERT INTO ${exports} VALUES (5001, $1, NULL, repeat($2 || ' wrote in. ', 300))`, [
    email0,
    p.name,
  ]);
  await others(301);
  await admin.query(`INSERT INTO ${exports} VALUES (5002, $1, $2, repeat($3 || ' called. ', 300))`, [
    email1,
    phone,
    p.name,
  ]);
  await admin.query(`INSERT INTO ${exports} VALUES (5003, $1, $2, repeat($3 || ' wrote in. ', 300))`, [
    otherEmail,
    otherPhone,
    otherName,
  ]);
  await others(601);
  await admin.query(`INSERT INTO ${exports} VALUES (5004, $1, $2, $3)`, [email0, phone, `${p.name}, last`]);
  await admin.query(
    `INSERT INTO ${contacts} SELECT i, 'user' || i || '@example.com', '+4477004' || lpad(i::text, 5, '0'), 'Person ' || i
       FROM generate_series(1, 1000) i`,
  );
  await admin.query(`INSERT INTO ${contacts} VALUES (5001, $1, $2, $3), (5002, $4, $5, $6)`, [
    otherEmail,
    otherPhone,
    otherName,
    email0,
    phone,
    p.name,
  ]);
  await admin.query(`ANALYZE ${exports}; ANALYZE ${contacts}; CHECKPOINT`);
  return { exports, contacts };
}

const tables = (names: { exports: string; contacts: string }, reclaim: 'rewrite' | 'in-place') => [
  WarehouseTableSchema.parse({
    table: names.exports,
    match: { customer_email: ['email'], customer_phone: ['phone'] },
    action: { type: 'delete' },
    reclaim,
  }),
  WarehouseTableSchema.parse({
    table: names.contacts,
    match: { email: ['email'], phone: ['phone'] },
    action: { type: 'redact', columns: ['email', 'phone', 'full_name'] },
    reclaim,
  }),
];

/** Every file of the data directory but the WAL (named in the result as retained until recycled). */
const clusterFiles = () => filesUnder(dataDir).filter((f) => !f.startsWith(join(dataDir, 'pg_wal')));

async function relationsOf(names: { exports: string; contacts: string }): Promise<string[]> {
  return [...(await relationFiles(admin, names.exports)), ...(await relationFiles(admin, names.contacts))];
}

async function clean(
  names: { exports: string; contacts: string },
  p: People,
  reclaim: 'rewrite' | 'in-place',
  connectionString = url ?? '',
) {
  const db = new PostgresDatabase('dw', connectionString);
  try {
    return await new Warehouse([{ db, tables: tables(names, reclaim) }]).clean(p.subject);
  } finally {
    await db.close();
  }
}

async function drop(names: { exports: string; contacts: string }): Promise<void> {
  await admin.query(`DROP TABLE IF EXISTS ${names.exports}; DROP TABLE IF EXISTS ${names.contacts}`);
}

/** A role that may change the tables' rows: owning them (and so able to VACUUM them) or not. */
async function withRole<T>(
  names: { exports: string; contacts: string },
  owner: boolean,
  fn: (roleUrl: string) => Promise<T>,
): Promise<T> {
  const role = `lethe_cleaner_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE ROLE ${role} LOGIN`);
  try {
    for (const t of [names.exports, names.contacts])
      await admin.query(
        owner ? `ALTER TABLE ${t} OWNER TO ${role}` : `GRANT SELECT, UPDATE, DELETE ON ${t} TO ${role}`,
      );
    const roleUrl = new URL(url ?? '');
    roleUrl.username = role;
    return await fn(roleUrl.toString());
  } finally {
    await drop(names);
    await admin.query(`DROP ROLE ${role}`);
  }
}

describe('PostgreSQL: erased values gone from the relation files', () => {
  it('finds the values in the files before, none of them after the clean-up and VACUUM FULL', async () => {
    const p = people();
    const names = await seed(p);
    try {
      const before = await relationsOf(names);
      // The scan sees the values where the server put them (heap, index, TOAST): the test can fail.
      expect(valuesFound(scan(filesOf(dataDir, before), p.erased))).toEqual([0, 1, 2, 3]);

      const results = await clean(names, p, 'rewrite');

      expect(results.map((r) => [r.rows, r.remaining, r.error])).toEqual([
        [3, 0, undefined],
        [1, 0, undefined],
      ]);
      for (const r of results)
        expect(r.reclaim).toMatchObject({
          step: 'VACUUM FULL',
          ok: true,
          freedSpace: 'rewritten without them',
          retainedUntilRotation: expect.arrayContaining([expect.stringMatching(/^PostgreSQL WAL/)]),
        });
      // No checkpoint needed: VACUUM FULL writes the new files directly and truncates the old ones.
      expect(scan(clusterFiles(), p.erased, dataDir)).toEqual([]);
      await admin.query('CHECKPOINT');
      expect(scan(clusterFiles(), p.erased, dataDir)).toEqual([]);
      // The bystanders are still in the new relation files: the scan looked at the right place.
      expect(valuesFound(scan(filesOf(dataDir, await relationsOf(names)), p.bystanders))).toEqual([0, 1, 2]);
    } finally {
      await drop(names);
    }
  });

  it('with in-place reclaim runs plain VACUUM, and says freed space may still hold the values (it does)', async () => {
    const p = people();
    const names = await seed(p);
    try {
      const results = await clean(names, p, 'in-place');

      for (const r of results)
        expect(r.reclaim).toMatchObject({ step: 'VACUUM', ok: true, freedSpace: 'may still hold them' });
      await admin.query('CHECKPOINT');
      // What the default step exists for: pruning and freed TOAST pages keep the old bytes.
      expect(scan(filesOf(dataDir, await relationsOf(names)), p.erased).length).toBeGreaterThan(0);
    } finally {
      await drop(names);
    }
  });

  it('says plainly when the server skips the VACUUM (the role does not own the table): rows deleted, reclaim failed', async () => {
    const p = people();
    const names = await seed(p);
    const results = await withRole(names, false, (roleUrl) => clean(names, p, 'rewrite', roleUrl));

    expect(results.map((r) => [r.rows, r.remaining, r.error])).toEqual([
      [3, 0, undefined],
      [1, 0, undefined],
    ]);
    for (const r of results)
      expect(r.reclaim).toMatchObject({
        step: 'VACUUM FULL',
        ok: false,
        freedSpace: 'may still hold them',
        error: 'VACUUM FULL skipped by the server (the role must own the table)',
      });
  });

  it('says so when the table was rewritten but the statistics catalog could not be (not the database owner)', async () => {
    const p = people();
    const names = await seed(p);
    const results = await withRole(names, true, (roleUrl) => clean(names, p, 'rewrite', roleUrl));

    for (const r of results)
      expect(r.reclaim).toMatchObject({
        step: 'VACUUM FULL',
        ok: false,
        freedSpace: 'may still hold them',
        error: expect.stringMatching(
          /^the table was rewritten, but the statistics catalogs were not rewritten/,
        ),
      });
  });
});
