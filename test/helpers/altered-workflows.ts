/**
 * The replay test's negative control: the released workflows with one unguarded change, a timer before
 * the erasure's first command. Replaying a recorded erasure against it must fail as nondeterministic.
 */
import { sleep } from '@temporalio/workflow';
import { erasure as released } from '../../src/workflows/erasure';

export { governor } from '../../src/workflows/governor';

/** The erasure as released, behind a new timer: what a change without `patched()` looks like. */
export async function erasure(...args: Parameters<typeof released>): ReturnType<typeof released> {
  await sleep(1);
  return released(...args);
}
