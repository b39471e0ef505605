import {
  type Condition,
  quoteName,
  type SubjectValues,
  subjectCondition,
  type TableCleanup,
  type TableReclaim,
  type WarehouseTable,
} from '../domain/warehouse';

/** Thrown when a table still matches after its clean-up: the transaction was rolled back. */
export class CleanupIncompleteError extends Error {
  constructor(
    readonly table: string,
    readonly remaining: number,
  ) {
    super(`${table}: ${remaining} rows still match after clean-up; rolled back`);
    this.name = 'CleanupIncompleteError';
  }
}

/** One transaction on a database: statements with `$n` parameters, results as row counts or rows. */
export interface Transaction {
  execute(sql: string, params: readonly string[]): Promise<number>;
  count(sql: string, params: readonly string[]): Promise<number>;
}

/** A database Lethe cleans: it runs a function inside one transaction, committed only if it returns. */
export interface Database {
  readonly name: string;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Makes the space that committed clean-ups of `tables` freed unreadable in the database's files, each
   * table as its `reclaim` option says; one answer per table name. Never throws: a failure is an answer.
   */
  reclaim(tables: readonly WarehouseTable[]): Promise<ReadonlyMap<string, TableReclaim>>;
  close(): Promise<void>;
}

/** The statement that deletes or redacts the matched rows. */
function statement(table: WarehouseTable, where: Condition): Condition {
  const name = quoteName(table.table);
  if (table.action.type === 'delete')
    return { sql: `DELETE FROM ${name} WHERE ${where.sql}`, params: where.params };
  const replacement = `$${where.params.length + 1}`;
  const sets = table.action.columns.map((c) => `${quoteName(c)} = ${replacement}`).join(', ');
  return {
    sql: `UPDATE ${name} SET ${sets} WHERE ${where.sql}`,
    params: [...where.params, table.action.replacement],
  };
}

/**
 * Cleans one table in one transaction: delete (or redact) the subject's rows set-based, then count what
 * still matches; anything left rolls the whole table back (nothing half-done) and throws.
 */
export async function cleanTable(
  db: Database,
  table: WarehouseTable,
  values: SubjectValues,
  now: () => Date = () => new Date(),
): Promise<TableCleanup> {
  const where = subjectCondition(table, values);
  const action = table.action.type;
  if (!where)
    return { target: db.name, table: table.table, action, rows: 0, remaining: 0, at: now().toISOString() };
  return db.transaction(async (tx) => {
    const change = statement(table, where);
    const rows = await tx.execute(change.sql, change.params);
    const remaining = await tx.count(
      `SELECT count(*) AS n FROM ${quoteName(table.table)} WHERE ${where.sql}`,
      where.params,
    );
    if (remaining > 0) throw new CleanupIncompleteError(table.table, remaining);
    return { target: db.name, table: table.table, action, rows, remaining, at: now().toISOString() };
  });
}

/** How many of the subject's rows a table holds now (the end-of-window check for late copies). */
export async function countSubjectRows(
  db: Database,
  table: WarehouseTable,
  values: SubjectValues,
): Promise<number> {
  const where = subjectCondition(table, values);
  if (!where) return 0;
  return db.transaction((tx) =>
    tx.count(`SELECT count(*) AS n FROM ${quoteName(table.table)} WHERE ${where.sql}`, where.params),
  );
}
