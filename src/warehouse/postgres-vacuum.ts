import type pg from 'pg';
import { quoteName, type TableReclaim, type WarehouseTable } from '../domain/warehouse';
import { failureCode, postgresRetained, reclaimAnswer } from './reclaim';

/**
 * How long a VACUUM waits for its lock before it gives up (and says so): `VACUUM FULL` needs the
 * table's ACCESS EXCLUSIVE lock, and a queued one would hold every later reader of the table behind it.
 */
const LOCK_TIMEOUT = '60s';

/**
 * Runs one maintenance statement (outside any transaction: VACUUM refuses one). The server does not
 * fail a VACUUM of a relation the role may not vacuum: it skips it with a WARNING. Any WARNING is
 * therefore taken as not done.
 */
async function maintenance(client: pg.PoolClient, sql: string): Promise<'done' | 'skipped'> {
  let skipped = false;
  const onNotice = (notice: { severity?: string }): void => {
    if (notice.severity === 'WARNING') skipped = true;
  };
  client.on('notice', onNotice);
  try {
    await client.query(sql);
  } finally {
    client.off('notice', onNotice);
  }
  return skipped ? 'skipped' : 'done';
}

/** Vacuums one table as its `reclaim` option says, with ANALYZE: the planner statistics sample values. */
async function vacuumTable(client: pg.PoolClient, table: WarehouseTable): Promise<TableReclaim> {
  const full = table.reclaim === 'rewrite';
  const step = full ? 'VACUUM FULL' : 'VACUUM';
  const freed = full ? 'rewritten without them' : 'may still hold them';
  try {
    const done = await maintenance(
      client,
      `VACUUM (${full ? 'FULL, ' : ''}ANALYZE) ${quoteName(table.table)}`,
    );
    return done === 'skipped'
      ? reclaimAnswer(
          step,
          freed,
          postgresRetained,
          `${step} skipped by the server (the role must own the table)`,
        )
      : reclaimAnswer(step, freed, postgresRetained);
  } catch (err) {
    return reclaimAnswer(step, freed, postgresRetained, `${step} failed (SQLSTATE ${failureCode(err)})`);
  }
}

/**
 * Rewrites the planner statistics catalogs: ANALYZE replaced the table's sampled values, but the old
 * statistics rows stay in pg_statistic's file until it is rewritten. Undefined when done, else why not.
 */
async function rewriteStatistics(client: pg.PoolClient): Promise<string | undefined> {
  try {
    const done = await maintenance(
      client,
      'VACUUM FULL pg_catalog.pg_statistic, pg_catalog.pg_statistic_ext_data',
    );
    return done === 'done'
      ? undefined
      : 'the statistics catalogs were not rewritten (pg_statistic: the role must own the database or be a superuser)';
  } catch (err) {
    return `the statistics catalogs were not rewritten (SQLSTATE ${failureCode(err)})`;
  }
}

/**
 * Reclaims the space the committed clean-ups of `tables` freed: each table vacuumed (plain VACUUM
 * leaves stale tuple bytes in pruned pages and freed TOAST pages; VACUUM FULL writes new files), then,
 * once, the statistics catalogs rewritten for the tables that were.
 */
export async function vacuumTables(
  pool: pg.Pool,
  tables: readonly WarehouseTable[],
): Promise<ReadonlyMap<string, TableReclaim>> {
  const out = new Map<string, TableReclaim>();
  const client = await pool.connect();
  let healthy = true;
  try {
    await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
    for (const table of tables) out.set(table.table, await vacuumTable(client, table));
    const rewritten = tables.filter((t) => t.reclaim === 'rewrite' && out.get(t.table)?.ok);
    const statistics = rewritten.length > 0 ? await rewriteStatistics(client) : undefined;
    if (statistics)
      for (const t of rewritten)
        out.set(
          t.table,
          reclaimAnswer(
            'VACUUM FULL',
            'rewritten without them',
            postgresRetained,
            `the table was rewritten, but ${statistics}`,
          ),
        );
    await client.query('RESET lock_timeout').catch(() => {
      healthy = false; // the answers stand; the connection is dropped rather than reused
    });
  } catch (err) {
    healthy = false;
    throw err;
  } finally {
    client.release(!healthy);
  }
  return out;
}
