import { patched, workflowInfo } from '@temporalio/workflow';
import type { Timing } from '../domain/timing';
import { spreadChecks } from '../domain/wake-spread';
import { SPREAD_WAKEUPS } from './definitions';

/**
 * The timing a request just sent is verified on: this erasure's checks shifted by its share of an hour
 * (from its workflow id), so the subjects of one shared request do not wake together. Erasures whose
 * history predates the patch keep the unshifted schedule.
 */
export const checkTiming = (timing: Timing): Timing =>
  patched(SPREAD_WAKEUPS) ? spreadChecks(timing, workflowInfo().workflowId) : timing;
