/**
 * The scale bench's trivial workflow, in a bundle of its own: a workflow in Lethe's bundle evaluates
 * Lethe's modules too, however little it does, and the baseline must be what a trivial workflow costs.
 */
import { defineQuery, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { LetheStatus } from '../../src/workflows/search-attributes';
import { BASELINE_SLEEPING } from './baseline-status';

/** The control question of the bench's query probe: answered from memory, as the governor's status is. */
export const asleepQuery = defineQuery<boolean>('asleep');

/** Says it is asleep (one search attribute, as an erasure says its phase) and sleeps through the window. */
export async function sleepingBaseline(): Promise<void> {
  setHandler(asleepQuery, () => true);
  upsertSearchAttributes([{ key: LetheStatus, value: BASELINE_SLEEPING }]);
  await sleep('30 days');
}
