/**
 * The scale bench's trivial workflow, in a bundle of its own: a workflow in Lethe's bundle evaluates
 * Lethe's modules too, however little it does, and the baseline must be what a trivial workflow costs.
 */
import { sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { LetheStatus } from '../../src/workflows/search-attributes';
import { BASELINE_SLEEPING } from './baseline-status';

/** Says it is asleep (one search attribute, as an erasure says its phase) and sleeps through the window. */
export async function sleepingBaseline(): Promise<void> {
  upsertSearchAttributes([{ key: LetheStatus, value: BASELINE_SLEEPING }]);
  await sleep('30 days');
}
