import { tooMany, type ZendeskContext } from './context';
import type { Job, JobKind } from './records';

/**
 * Queues a job, unless the account already has `maxActiveJobs` queued or working (R9): then a 429
 * whose Retry-After is the wait until the first of them finishes.
 */
export function enqueue(ctx: ZendeskContext, kind: JobKind, ids: readonly number[], now: number): Job {
  const { jobs } = ctx.store;
  if (jobs.active(now).length >= ctx.options.maxActiveJobs) {
    const seconds = Math.max(1, Math.ceil(jobs.untilOneFinishes(now) / 1000));
    throw tooMany(seconds, 'Too many jobs are queued or running: retry later');
  }
  return jobs.create(kind, ids, now);
}
