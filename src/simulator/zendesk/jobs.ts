import { randomBytes } from 'node:crypto';
import type { ZendeskSimulatorOptions } from './options';
import type { Job, JobKind } from './records';

/** The job statuses Zendesk documents; this account never kills or fails a job (§5, R8). */
export type JobState = 'queued' | 'working' | 'completed' | 'failed';

/**
 * The account's background jobs on the virtual clock (R8): queued for `jobQueuedMs`, working until
 * `jobWorkingMs` later, then completed; a finished job's status reads for `jobStatusRetentionMs`.
 * The store applies a job's effect when it completes (`due`).
 */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly options: ZendeskSimulatorOptions) {}

  create(kind: JobKind, ids: readonly number[], now: number): Job {
    const job: Job = {
      // Zendesk's job ids are 32 hex characters (`8b726e606741012ffc2d782bcb7848fe`).
      id: randomBytes(16).toString('hex'),
      kind,
      ids: [...ids],
      createdAt: now,
      finishAt: now + this.options.jobQueuedMs + this.options.jobWorkingMs,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  stateOf(job: Job, now: number): JobState {
    if (now >= job.finishAt) return 'completed';
    return now < job.createdAt + this.options.jobQueuedMs ? 'queued' : 'working';
  }

  /** Jobs queued or working at `now` (R9 counts them). */
  active(now: number): Job[] {
    return [...this.jobs.values()].filter((j) => j.finishAt > now);
  }

  /** Milliseconds until the first active job finishes (when one more may be queued). */
  untilOneFinishes(now: number): number {
    return Math.min(...this.active(now).map((j) => j.finishAt - now));
  }

  /** The job whose status still reads at `now`: unknown, and finished longer ago than the retention, read 404. */
  readable(id: string, now: number): Job | undefined {
    const job = this.jobs.get(id);
    return job && now < job.finishAt + this.options.jobStatusRetentionMs ? job : undefined;
  }

  /** Jobs finished by `now` whose effect is not applied yet, in the order they finished. */
  due(now: number): Job[] {
    return [...this.jobs.values()]
      .filter((j) => j.results === undefined && j.finishAt <= now)
      .sort((a, b) => a.finishAt - b.finishAt);
  }

  /** Queued or working soft deletions naming the ticket (a permanent deletion may rightly follow them). */
  softDeletionPending(ticketId: number, now: number): boolean {
    return this.active(now).some((j) => j.kind === 'ticketSoftDeletion' && j.ids.includes(ticketId));
  }

  all(): Job[] {
    return [...this.jobs.values()];
  }

  reset(): void {
    this.jobs.clear();
  }
}
