/** The benchmark's workflow bundle: Lethe's workflows plus the trivial baselines they are compared with. */
import { proxyActivities, sleep } from '@temporalio/workflow';

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
