import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { Secret } from '../../config/secret';
import { identifierKey, mergeIdentifiers, type ResolvedIdentifier } from '../../domain/identifiers';
import type { PlannedBatch } from '../../domain/planner';
import {
  type PlatformRecord,
  platformLimits,
  type RecordKind,
  type RetainedData,
} from '../../domain/platforms';
import type { LostAnswer, RequestStatus } from '../../domain/progress';
import { type CallContext, firstAttempt } from '../call-context';
import { NotFoundError } from '../errors';
import { showsPersonalData } from '../masking';
import { RateBudget } from '../rate-budget';
import { defaultRetryPolicy, type RetryPolicy } from '../retry';
import type { CancelOutcome, Connector, SubmissionReceipt, SubmitContext } from '../types';
import {
  commentShowsData,
  findUsers,
  isWorking,
  messagingUsers,
  ownUser,
  parseCommentRef,
  recordsOfUser,
  type TicketPolicy,
  userBlockedBy,
} from './discovery';
import { identifiersOfUser } from './identity';
import { ZendeskReads } from './reads';
import { redactionOf } from './redaction';
import { ccdTicketsRetained, keptTicketsRetained, zendeskRetainedByDesign } from './retained';
import { AnyObjectSchema, DeletedUserAnswerSchema, JobStatusAnswerSchema } from './schemas';
import { MessagingSession, PLATFORM, SupportSession } from './session';

export interface ZendeskConnectorOptions {
  /** `https://{subdomain}.zendesk.com`. */
  readonly baseUrl: string;
  /** The agent or admin whose API token this is. */
  readonly email: string;
  readonly apiToken: Secret;
  readonly tickets?: TicketPolicy;
  /** Calls a minute this worker allows itself (the plan's limit). */
  readonly ratePerMinute?: number;
  readonly messaging?: {
    readonly url: string;
    readonly appId: string;
    readonly keyId: string;
    readonly keySecret: Secret;
  };
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  /** The platform clock (pacing, Retry-After). */
  readonly now?: () => number;
  readonly retry?: RetryPolicy;
  /** How long a submission waits for its permanent-deletion job to finish (platform time; default 10 minutes). */
  readonly jobWaitMs?: number;
}

/** The placeholder a redaction writes over each character (docs/zendesk-api.md §7.2). */
const REDACTED = '▇';
/** Request ids by what they stand for: a permanent-deletion job, or calls the platform answered at once. */
const JOB = 'job:';
/** A job seen finished by the submission that made it: what the platform said of it then. */
const JOB_COMPLETED = 'job-completed:';
const JOB_FAILED = 'job-failed:';
const DONE_AT_ONCE = ['redacted:', 'users:', JOB_COMPLETED];
/** Tickets already gone when their submission ran: nothing was sent, verification tells. */
const GONE_ALREADY = 'tickets-gone:';
const MESSAGING = 'messaging-delete:';
/** What a verification checks before it takes a 404 for "gone" (see `verify`). */
interface GoneChecks {
  /** Resolves once the account's API answered at this base URL; throws when it does not. */
  answers(): Promise<void>;
  /** Whether a ticket reading 404 may still be there: in the deleted list, or the list could not tell. */
  softDeleted(ticketId: number): Promise<boolean>;
}

const SENT_AGAIN =
  "an earlier attempt may have sent them, and Zendesk's job statuses name neither their tickets nor their time: the tickets were sent again in a new job (one that deletes nothing twice)";

/**
 * Zendesk Support and its messaging users (docs/zendesk-api.md). Tickets are soft-deleted one by one,
 * then permanently deleted by 100 in a background job whose status is the request's; kept tickets have
 * the person's comments redacted; a user is soft-deleted, then permanently; a messaging user is deleted
 * and is gone once its read is a 404. Every record is verified by reading it back.
 */
export class ZendeskConnector implements Connector {
  readonly platform = PLATFORM;
  readonly limits = platformLimits.zendesk;
  readonly retained: readonly RetainedData[];
  private readonly support: SupportSession;
  private readonly messaging?: MessagingSession;
  private readonly reads: ZendeskReads;
  private readonly policy: TicketPolicy;
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly jobWaitMs: number;

  constructor(options: ZendeskConnectorOptions) {
    this.now = options.now ?? Date.now;
    const http = { dispatcher: options.dispatcher, timeoutMs: options.timeoutMs };
    const retry = options.retry ?? defaultRetryPolicy;
    this.retry = retry;
    this.jobWaitMs = options.jobWaitMs ?? 10 * 60_000;
    this.support = new SupportSession(
      options.baseUrl,
      options.email,
      options.apiToken,
      http,
      this.now,
      options.ratePerMinute ?? 200,
      retry,
    );
    const m = options.messaging;
    if (m) this.messaging = new MessagingSession(m.url, m.appId, m.keyId, m.keySecret, http, retry);
    this.reads = new ZendeskReads(this.support, new RateBudget(10, this.now, retry.sleep), this.messaging);
    this.policy = options.tickets ?? { action: 'delete', keepTagged: [] };
    const keeps = this.policy.action === 'redact' || this.policy.keepTagged.length > 0;
    this.retained = [...zendeskRetainedByDesign, ...(keeps ? [keptTicketsRetained] : []), ccdTicketsRetained];
  }

  /** The users the identifiers name, with their own ids, emails, phones and external ids, and messaging users. */
  async resolve(
    identifiers: readonly ResolvedIdentifier[],
    context: CallContext = firstAttempt(this.now()),
  ): Promise<ResolvedIdentifier[]> {
    const users = await findUsers(this.reads, identifiers, context.progress.scope('users'));
    // Found only through a shared phone, a user is someone the expansion policy must decide on.
    const found = users.flatMap((f) =>
      identifiers
        .filter((i) => f.leads.includes(identifierKey(i)))
        .flatMap((by) => identifiersOfUser(f.user, by, ownUser(f) ? 'own' : 'shared')),
    );
    const known = mergeIdentifiers(identifiers, found);
    const messaging = await messagingUsers(
      this.reads,
      known.filter((i) => i.link !== 'shared'),
      users,
      context.progress.scope('messaging'),
    );
    const viaOf = (leads: readonly string[]) => known.find((i) => leads.includes(`${i.kind}:${i.value}`));
    const messagingIds = messaging.map(({ id, leads }) => {
      const by = viaOf(leads);
      return {
        kind: 'zendeskMessagingUserId' as const,
        value: id,
        provenance: `zendesk:${by?.kind ?? 'customerId'}`,
        ...(by ? { via: `${by.kind}:${by.value}`, link: 'own' as const } : {}),
      };
    });
    return mergeIdentifiers(found, messagingIds);
  }

  /**
   * The person's tickets (or their comments on kept and CC'd tickets), messaging users and Support users.
   * Each is found by the read verification makes, so a later 404 of that read means "gone".
   */
  async discover(
    identifiers: readonly ResolvedIdentifier[],
    context: CallContext = firstAttempt(this.now()),
  ): Promise<PlatformRecord[]> {
    const users = (await findUsers(this.reads, identifiers, context.progress.scope('users'))).filter(ownUser);
    const records: PlatformRecord[] = [];
    let talking = false;
    for (const found of users) {
      const scope = context.progress.scope(`user:${found.user.id}`);
      const of = await recordsOfUser(this.reads, found, this.policy, scope);
      records.push(...of.records);
      talking ||= of.talking;
    }
    const scope = context.progress.scope('messaging');
    // A messaging user deleted while the person's ticket is worked on comes back with their next message.
    for (const { id, leads } of await messagingUsers(this.reads, identifiers, users, scope))
      records.push({ kind: 'messagingUser', id, active: talking, leads });
    // A ticket both requested and reached through another user of the person's is one record.
    const seen = new Set<string>();
    return records.filter((r) => !seen.has(`${r.kind}:${r.id}`) && Boolean(seen.add(`${r.kind}:${r.id}`)));
  }

  /** Tickets still worked on block themselves and their comments; a user, the tickets Zendesk makes wait for. */
  async stillBlocked(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const blocked: string[] = [];
    for (const r of records) {
      if (r.kind === 'ticket' || r.kind === 'ticketComment') {
        const ticketId = r.kind === 'ticket' ? r.id : parseCommentRef(r.id)?.ticketId;
        const ticket = ticketId === undefined ? undefined : await this.reads.ticket(ticketId);
        if (ticket && isWorking(ticket)) blocked.push(r.id);
      } else if (r.kind === 'endUser') {
        if (await this.userBlocked(Number(r.id))) blocked.push(r.id);
      } else if (r.kind === 'messagingUser') {
        if (await this.messagingUserTalking(r.id)) blocked.push(r.id);
      }
    }
    return blocked;
  }

  async submit(
    batch: PlannedBatch,
    idempotencyKey: string,
    _subject: readonly ResolvedIdentifier[],
    context: SubmitContext = firstAttempt(this.now()),
  ): Promise<SubmissionReceipt> {
    const ids = [...batch.ids];
    const receipt = (requestId: string): SubmissionReceipt => ({ requestId, kind: batch.kind, ids });
    switch (batch.kind) {
      case 'ticket': {
        const { jobId, lostAnswer } = await this.deleteTickets(ids, context);
        const noted = lostAnswer ? { lostAnswer } : {};
        if (jobId === undefined) return { ...receipt(`${GONE_ALREADY}${idempotencyKey}`), ...noted };
        const seen = await this.awaitJob(jobId, context);
        const prefix = seen === 'DONE' ? JOB_COMPLETED : seen === 'FAILED' ? JOB_FAILED : JOB;
        return { ...receipt(`${prefix}${jobId}`), ...noted };
      }
      case 'ticketComment':
        for (const ref of ids) await context.progress.step(`redact:${ref}`, () => this.redact(ref));
        return receipt(`redacted:${idempotencyKey}`);
      case 'endUser':
        for (const id of ids) await context.progress.step(`user:${id}`, () => this.deleteUser(id));
        return receipt(`users:${idempotencyKey}`);
      case 'messagingUser':
        for (const id of ids)
          await context.progress.step(`messaging:${id}`, () => this.deleteMessagingUser(id));
        return receipt(`${MESSAGING}${idempotencyKey}`);
      default:
        throw new RangeError(`Zendesk deletes no record of kind "${batch.kind}"`);
    }
  }

  /**
   * A deletion job's status; redactions and user deletions the platform confirmed when it answered;
   * a messaging deletion completes with a webhook Lethe does not receive: its records' reads decide.
   */
  async status(requestId: string): Promise<RequestStatus> {
    if (DONE_AT_ONCE.some((p) => requestId.startsWith(p))) return 'DONE';
    if (requestId.startsWith(JOB_FAILED)) return 'FAILED';
    if (!requestId.startsWith(JOB)) return 'UNKNOWN';
    return this.jobStatus(requestId.slice(JOB.length));
  }

  /** A job as the platform reports it now. Its status is kept an hour to a day (§5): after that, UNKNOWN. */
  private async jobStatus(jobId: string): Promise<RequestStatus> {
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
   * Of these (discovered) records, the ids that still hold the person's data, read back one by one. A
   * 404 counts as gone only once the account's API is seen to answer at this base URL, and a ticket that
   * reads 404 only when the deleted-tickets list shows it is not merely soft-deleted (§11 R5).
   */
  async verify(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    if (records.some((r) => r.kind === 'messagingUser') && !this.reads.hasMessaging)
      throw new RangeError('messaging users to verify, but Sunshine Conversations is not configured');
    const tickets = new Set(
      records.flatMap((r) => {
        const id =
          r.kind === 'ticket'
            ? Number(r.id)
            : r.kind === 'ticketComment'
              ? parseCommentRef(r.id)?.ticketId
              : undefined;
        return id === undefined || Number.isNaN(id) ? [] : [id];
      }),
    );
    let answered: Promise<void> | undefined;
    let deleted: Promise<{ found: Set<number>; complete: boolean }> | undefined;
    const checks: GoneChecks = {
      answers: () => (answered ??= this.reads.answers()),
      softDeleted: async (ticketId) => {
        deleted ??= this.reads.softDeletedAmong(tickets);
        const list = await deleted;
        return list.found.has(ticketId) || !list.complete;
      },
    };
    const present: string[] = [];
    for (const r of records) if (await this.holdsData(r, checks)) present.push(r.id);
    return present;
  }

  async cancel(_requestId: string): Promise<CancelOutcome> {
    return { withdrawn: false, note: 'Zendesk deletions cannot be withdrawn once sent' };
  }

  /** Whether Zendesk would refuse to delete the user now; a user already gone blocks nothing. */
  private async userBlocked(userId: number): Promise<boolean> {
    try {
      return userBlockedBy(await this.reads.ticketsOf(userId, 'requested'), this.policy);
    } catch (err) {
      if (err instanceof NotFoundError && (await this.reads.user(userId)) === undefined) return false;
      throw err;
    }
  }

  /** Whether a ticket requested by a Support user sharing the messaging user's external id is worked on. */
  private async messagingUserTalking(id: string): Promise<boolean> {
    const externalId = (await this.reads.messagingUser(id))?.externalId;
    if (!externalId) return false;
    for (const user of await this.reads.usersWithExternalId(externalId)) {
      if ((user.role ?? 'end-user') !== 'end-user') continue;
      if ((await this.reads.ticketsOf(user.id, 'requested')).some(isWorking)) return true;
    }
    return false;
  }

  private async holdsData(r: { kind: RecordKind; id: string }, gone: GoneChecks): Promise<boolean> {
    switch (r.kind) {
      case 'ticket':
        if ((await this.reads.ticket(r.id)) !== undefined) return true;
        await gone.answers();
        return gone.softDeleted(Number(r.id));
      case 'ticketComment': {
        const ref = parseCommentRef(r.id);
        if (!ref) return true;
        const comments = await this.reads.comments(ref.ticketId);
        if (!comments) {
          await gone.answers();
          return gone.softDeleted(ref.ticketId);
        }
        const comment = comments.find((c) => c.id === ref.commentId);
        return comment !== undefined && commentShowsData(comment, (t) => showsPersonalData(t, [REDACTED]));
      }
      case 'endUser': {
        if ((await this.reads.user(r.id)) !== undefined) return true;
        const deleted = await this.reads.deletedUser(r.id);
        if (deleted === undefined) {
          await gone.answers();
          return false;
        }
        // Listed without name, email or phone, a permanently deleted user holds none of them (§6, §11 R13).
        return deleted.name !== 'Permanently Deleted User' || Boolean(deleted.email || deleted.phone);
      }
      case 'messagingUser':
        return (await this.reads.messagingUser(r.id)) !== undefined;
      default:
        return true;
    }
  }

  /**
   * Soft-deletes each ticket (§4; a 404 is one already deleted), then permanently deletes them all in one
   * job. A job's status names neither its tickets nor when it was made (§5): after an attempt whose answer
   * was lost, a job it may have created cannot be found, and the tickets are sent again (the second job
   * deletes nothing twice), said so in the receipt.
   */
  private async deleteTickets(
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
  private async awaitJob(jobId: string, context: SubmitContext): Promise<RequestStatus> {
    const until = this.now() + this.jobWaitMs;
    for (let poll = 0, pause = 1_000; ; poll += 1, pause = Math.min(pause * 2, 15_000)) {
      // Each poll saved: the activity's heartbeat, and a retried attempt resumes with what was seen.
      const seen = await context.progress.step(`poll:${jobId}:${poll}`, () => this.jobStatus(jobId));
      if (seen !== 'IN_PROGRESS' || this.now() + pause > until) return seen;
      await this.retry.sleep(pause);
    }
  }

  /** Redacts every word and file of one of the person's comments (§7.2, `comment_redactions`). */
  private async redact(ref: string): Promise<void> {
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
  private async deleteUser(id: string): Promise<void> {
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

  private async deleteMessagingUser(id: string): Promise<void> {
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
