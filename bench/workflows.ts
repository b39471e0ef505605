/** The benchmark's workflow bundle: Lethe's workflows plus the trivial baselines they are compared with. */
import { proxyActivities, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { LetheStatus } from '../src/workflows/search-attributes';
import { BASELINE_SLEEPING } from './scale/baseline-status';

export { erasure } from '../src/workflows';

const { ping } = proxyActivities<{ ping(): Promise<string> }>({ startToCloseTimeout: '1 minute' });

/** Baseline for end-to-end throughput: one activity, nothing else. */
export async function oneActivity(): Promise<string> {
  return ping();
}

/** Baseline for time-skipping wall time: a single 30-day timer. */
export async function thirtyDaySleep(): Promise<void> {
  await sleep('30 days');
}

/**
 * Baseline for the scale bench: says it is asleep (one search attribute, as an erasure says its phase)
 * and sleeps through the 30-day window.
 */
export async function sleepingBaseline(): Promise<void> {
  upsertSearchAttributes([{ key: LetheStatus, value: BASELINE_SLEEPING }]);
  await sleep('30 days');
}
