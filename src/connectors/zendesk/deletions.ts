import { z } from 'zod';
import type { LostAnswer, RequestStatus } from '../../domain/progress';
import { NotFoundError } from '../errors';
import { showsPersonalData } from '../masking';
import type { RetryPolicy } from '../retry';
import type { SubmitContext } from '../types';
import { commentShowsData, parseCommentRef } from './discovery';
import type { ZendeskReads } from './reads';
import { redactionOf } from './redaction';
import { AnyObjectSchema, DeletedUserAnswerSchema, JobStatusAnswerSchema } from './schemas';
import type { MessagingSession, SupportSession } from './session';

/** The placeholder a redaction writes over each character (docs/zendesk-api.md §7.2). */
export const REDACTED = '▇';

const SENT_AGAIN =
  "an earlier attempt may have sent them, and Zendesk's job statuses name neither their tickets nor their time: the tickets were sent again in a new job (one that deletes nothing twice)";

/**
 * The writes Lethe makes on a Zendesk account (docs/zendesk-api.md §4, §6, §7, §9): tickets soft then
 * permanently deleted (the job read to its end while its status lasts), comments redacted, users soft
 * then permanently deleted, messaging users deleted. Each is safe to repeat: a 404 is a step already taken.
 */
export class ZendeskDeletions {
  constructor(
    private readonly support: SupportSession,
    private readonly reads: ZendeskReads,
    private readonly messaging: MessagingSession | undefined,
    private readonly now: () => number,
    private readonly retry: RetryPolicy,
    private readonly jobWaitMs: number,
  ) {}

  /** A job as the platform reports it now. Its status is kept an hour to a day (§5): after that, UNKNOWN. */
  async jobStatus(jobId: string): Promise<RequestStatus> {
    const job = await this.reads.job(jobId);
    if (!job) return 'UNKNOWN';
    if (job.status === 'queued' || job.status === 'working') return 'IN_PROGRESS';
    if (job.status === 'completed') {
      const ok = !job.results || Array.isArray(job.results) || job.results.success;
      return ok ? 'DONE' : 'FAILED';
    }
    return job.status === 'failed' || job.status === 'killed' ? 'FAILED' : 'UNKNOWN';
  }

  /**
   * Soft-deletes each ticket (§4; a 404 is one already deleted), then permanently deletes them all in one
   * job. A job's status names neither its tickets nor when it was made (§5): after an attempt whose answer
   * was lost, a job it may have created cannot be found, and the tickets are sent again (the second job
   * deletes nothing twice), said so in the receipt.
   */
  async deleteTickets(
    ids: readonly string[],
    context: SubmitContext,
  ): Promise<{ jobId?: string; lostAnswer?: LostAnswer }> {
    const absent: string[] = [];
    for (const id of ids) {
      const soft = await context.progress.step(`soft:${id}`, async () => {
        try {
          await this.support.call({
            operation: 'deleteTicket',
            method: 'DELETE',
            path: `/api/v2/tickets/${encodeURIComponent(id)}`,
            schema: z.undefined(),
          });
          return 'deleted';
        } catch (err) {
          if (err instanceof NotFoundError) return 'absent';
          throw err;
        }
      });
      if (soft === 'absent') absent.push(id);
    }
    // A 404 is a ticket already soft-deleted (§11 R6), or one already gone: only the first can be purged.
    const purge = await context.progress.step('purge', async () => {
      if (absent.length === 0) return [...ids];
      const list = await this.reads.softDeletedAmong(new Set(absent.map(Number)));
      return ids.filter((id) => !absent.includes(id) || !list.complete || list.found.has(Number(id)));
    });
    const retried = context.attempt > 1;
    if (purge.length === 0) {
      const note =
        'the tickets already read gone: an earlier attempt, whose answer was lost, deleted them; nothing was sent again';
      return retried ? { lostAnswer: { action: 'found_done', candidates: [], note } } : {};
    }
    let sentNow = false;
    const jobId = await context.progress.step('job', async () => {
      sentNow = true;
      const answer = await this.support.call({
        operation: 'permanentlyDeleteTickets',
        method: 'DELETE',
        path: `/api/v2/deleted_tickets/destroy_many?ids=${purge.map(encodeURIComponent).join(',')}`,
        schema: JobStatusAnswerSchema,
      });
      return answer.job_status.id;
    });
    // A job an earlier attempt saved is reused; one sent now after an earlier attempt may be a second.
    if (!retried || !sentNow) return { jobId };
    return { jobId, lostAnswer: { action: 'sent_again', candidates: [], note: SENT_AGAIN } };
  }

  /**
   * Waits, polling, for a permanent-deletion job to finish (jobs run in seconds to minutes; their status
   * is kept only an hour to a day, §5, so the submission reads it while it can): DONE or FAILED as the
   * platform reported it, IN_PROGRESS or UNKNOWN if it had not finished within `jobWaitMs`.
   */
  async awaitJob(jobId: string, context: SubmitContext): Promise<RequestStatus> {
    const until = this.now() + this.jobWaitMs;
    for (let poll = 0, pause = 1_000; ; poll += 1, pause = Math.min(pause * 2, 15_000)) {
      // Each poll saved: the activity's heartbeat, and a retried attempt resumes with what was seen.
      const seen = await context.progress.step(`poll:${jobId}:${poll}`, () => this.jobStatus(jobId));
      if (seen !== 'IN_PROGRESS' || this.now() + pause > until) return seen;
      await this.retry.sleep(pause);
    }
  }

  /** Redacts every word and file of one of the person's comments (§7.2, `comment_redactions`). */
  async redact(ref: string): Promise<void> {
    const parsed = parseCommentRef(ref);
    if (!parsed) throw new RangeError('a Zendesk comment record id is "<ticket id>/<comment id>"');
    const comment = (await this.reads.comments(parsed.ticketId))?.find((c) => c.id === parsed.commentId);
    // Gone with its ticket, or already redacted: nothing left to redact.
    if (!comment || !commentShowsData(comment, (t) => showsPersonalData(t, [REDACTED]))) return;
    await this.support.call({
      operation: 'redactComment',
      method: 'PUT',
      path: `/api/v2/comment_redactions/${parsed.commentId}`,
      json: { ticket_id: parsed.ticketId, ...redactionOf(comment) },
      schema: AnyObjectSchema,
    });
  }

  /** Soft then permanent deletion (§6); a 404 on either is a step an earlier attempt already took. */
  async deleteUser(id: string): Promise<void> {
    const path = encodeURIComponent(id);
    try {
      await this.support.call({
        operation: 'deleteUser',
        method: 'DELETE',
        path: `/api/v2/users/${path}`,
        schema: AnyObjectSchema,
      });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    try {
      await this.support.call({
        operation: 'permanentlyDeleteUser',
        method: 'DELETE',
        path: `/api/v2/deleted_users/${path}`,
        schema: DeletedUserAnswerSchema,
      });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }

  async deleteMessagingUser(id: string): Promise<void> {
    const messaging = this.messaging;
    if (!messaging)
      throw new RangeError('a messaging user to delete, but Sunshine Conversations is not configured');
    try {
      await messaging.call({
        operation: 'deleteMessagingUser',
        method: 'DELETE',
        path: `/users/${encodeURIComponent(id)}`,
        schema: AnyObjectSchema,
      });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
}
