import { constants } from 'node:fs';
import { access, chmod, chown, link, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { firstDifference, quoteLiteral, rows } from './duckdb-fingerprint';

/**
 * DuckDB never overwrites the blocks a checkpoint frees: deleted or redacted values stay readable in
 * the file until the block is reused. The only way to a file without them is a fresh one: the live
 * rows copied into a new file beside the old, swapped in atomically, and the old file's bytes
 * overwritten with zeros before it is removed.
 */

/** The fresh file while it is written; never the live database, so safe to remove at any time. */
export const freshPath = (path: string): string => `${path}.lethe-rewrite`;
/** A second name of the old file, held while it is overwritten; found at open after a crash. */
export const oldPath = (path: string): string => `${path}.lethe-old`;

/**
 * Thrown when the fresh file must not replace the live one: the copy differs from it (`code`
 * REWRITE_MISMATCH), or a WAL was left beside either file (WAL_LEFT).
 */
export class RewriteRefusedError extends Error {
  constructor(
    readonly code: 'REWRITE_MISMATCH' | 'WAL_LEFT',
    what: string,
  ) {
    super(`not swapped in: ${what}`);
    this.name = 'RewriteRefusedError';
  }
}

const CHUNK = 1 << 20;

async function exists(file: string): Promise<boolean> {
  return access(file, constants.F_OK).then(
    () => true,
    () => false,
  );
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Overwrites a file's every byte with zeros, flushes it to the device, then removes it. */
export async function overwriteAndRemove(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    const zeros = Buffer.alloc(CHUNK);
    for (let at = 0; at < size; at += CHUNK) await handle.write(zeros, 0, Math.min(CHUNK, size - at), at);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await unlink(file);
  await syncDir(dirname(file));
}

/**
 * Removes what an interrupted rewrite left beside `path`: a fresh file never swapped in, or the old
 * file's second name (only unlinked when it is still the live file, i.e. the crash came before the
 * swap; overwritten first otherwise).
 */
export async function removeLeftovers(path: string): Promise<void> {
  for (const file of [freshPath(path), `${freshPath(path)}.wal`])
    if (await exists(file)) await overwriteAndRemove(file);
  const old = oldPath(path);
  if (!(await exists(old))) return;
  const [a, b] = await Promise.all([stat(old), stat(path).catch(() => undefined)]);
  if (b && a.ino === b.ino && a.dev === b.dev) await unlink(old);
  else await overwriteAndRemove(old);
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The live database's storage options, so the fresh file can be read by whatever read the old one. */
async function storageOptions(c: DuckDBConnection, db: string): Promise<string> {
  const size = (
    await rows(c, `SELECT block_size FROM pragma_database_size() WHERE database_name = ${quoteLiteral(db)}`)
  )[0];
  const tags = (
    await rows(c, `SELECT tags FROM duckdb_databases() WHERE database_name = ${quoteLiteral(db)}`)
  )[0];
  const entries =
    (tags?.tags as { entries?: Array<{ key: unknown; value: unknown }> } | undefined)?.entries ?? [];
  const version = /^(v\d+\.\d+\.\d+)\+?$/.exec(
    String(entries.find((e) => e.key === 'storage_version')?.value),
  )?.[1];
  const options = [
    ...(version ? [`STORAGE_VERSION ${quoteLiteral(version)}`] : []),
    ...(size?.block_size ? [`BLOCK_SIZE ${Number(size.block_size)}`] : []),
  ];
  return options.length > 0 ? ` (${options.join(', ')})` : '';
}

/**
 * Copies the live database (checkpointed first, so its WAL is empty) into a fresh file beside it, checks
 * the copy holds the same catalog and row counts, and flushes it to the device. Throws, leaving no fresh
 * file behind, when anything differs or fails.
 */
export async function copyIntoFreshFile(c: DuckDBConnection, path: string): Promise<string> {
  const fresh = freshPath(path);
  await removeLeftovers(path);
  const db = String((await rows(c, 'SELECT current_database() AS db'))[0]?.db);
  const alias = 'lethe_rewrite';
  try {
    await c.run(`ATTACH ${quoteLiteral(fresh)} AS ${alias}${await storageOptions(c, db)}`);
    try {
      await c.run(`COPY FROM DATABASE ${quoteIdent(db)} TO ${alias}`);
      const differs = await firstDifference(c, db, alias);
      if (differs) throw new RewriteRefusedError('REWRITE_MISMATCH', `the copy differs in its ${differs}`);
      await c.run(`CHECKPOINT ${alias}`);
    } finally {
      await c.run(`DETACH ${alias}`).catch(() => undefined);
    }
    if (await exists(`${fresh}.wal`)) throw new RewriteRefusedError('WAL_LEFT', 'the copy left a WAL');
    const handle = await open(fresh, 'r+');
    await handle.sync().finally(() => handle.close());
    return fresh;
  } catch (err) {
    for (const file of [fresh, `${fresh}.wal`])
      if (await exists(file)) await overwriteAndRemove(file).catch(() => undefined); // the first error is the one to report
    throw err;
  }
}

/**
 * Puts the fresh file in the live one's place, atomically (rename), once the database is closed. The
 * old file keeps a second name until `overwriteAndRemove`: a crash in between leaves it for the next
 * open to overwrite. Returns that name.
 */
export async function swapIn(path: string, fresh: string): Promise<string> {
  // A WAL left after close belongs to the old file: replayed onto the fresh one it would corrupt it.
  if (await exists(`${path}.wal`)) throw new RewriteRefusedError('WAL_LEFT', 'the old file left a WAL');
  const old = oldPath(path);
  const before = await stat(path);
  await link(path, old);
  try {
    await chmod(fresh, before.mode & 0o7777);
    await chown(fresh, before.uid, before.gid).catch(() => undefined); // only root may give files away
    await rename(fresh, path);
  } catch (err) {
    await unlink(old);
    throw err;
  }
  await syncDir(dirname(path));
  return old;
}

/** True when a WAL file sits beside the database (none should after a checkpoint). */
export const walLeft = (path: string): Promise<boolean> => exists(`${path}.wal`);
