import { condition } from '@temporalio/workflow';
import { subjectValues } from '../domain/warehouse';
import { platformCallOptions } from './activity-options';
import { type Run, sendable } from './erasure-steps';
import { now, summarised } from './platform-calls';

/**
 * The clean-up may rewrite whole databases (VACUUM FULL, a DuckDB file rewritten without the freed
 * blocks): it may take hours, heartbeating; a worker that dies is noticed within a minute.
 */
const warehouseCall = (callTimeoutMs: number) =>
  summarised({
    ...platformCallOptions(callTimeoutMs),
    startToCloseTimeout: Math.max(callTimeoutMs, 2 * 3_600_000),
    heartbeatTimeout: Math.max(Math.min(callTimeoutMs, 60_000), 30_000),
  });

/**
 * Cleans the warehouse copies once the platforms are done: every configured table, then, a late-copy
 * window later (a week of the erasure's time), once more for copies that arrived since. Nothing happens
 * when no warehouse is configured (the first pass answers with no table).
 */
export async function cleanWarehouse(run: Run): Promise<void> {
  const { state, input } = run;
  const cancelled = (): boolean => state.cancelRequested !== undefined;
  // A legal hold stops deletion here too: wait until it is released (or the erasure is cancelled).
  const unheld = async (): Promise<boolean> => {
    if (state.activeHold) {
      state.enter('on_hold', now());
      run.publish();
      await condition(() => !state.activeHold || cancelled());
    }
    return !cancelled();
  };
  const pass = async (name: 'after_platforms' | 'late_copies'): Promise<number> => {
    // Never a value whose matches an operator excluded or has yet to confirm (issue 15).
    const values = subjectValues(sendable(run), state.allRecords());
    const tables = await warehouseCall(input.timing.callTimeoutMs).cleanDownstream({ values });
    if (tables.length > 0)
      state.recordWarehousePass({ pass: name, at: new Date(now()).toISOString(), tables });
    return tables.length;
  };
  if (!(await unheld())) return;
  const tables = await pass('after_platforms');
  // Platforms done and warehouses cleaned: the erasure is complete for the deadline's purposes.
  if (state.allErased) state.markErased(now());
  if (tables === 0) return;
  state.enter('cleaning_downstream', now());
  run.publish();
  const late = { summary: 'wait a week for late warehouse copies, then clean again' };
  if (await condition(cancelled, input.timing.overdueRecheckMs, late)) return;
  if (!(await unheld())) return;
  await pass('late_copies');
}
