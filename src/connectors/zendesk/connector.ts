import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { Secret } from '../../config/secret';
import { mergeIdentifiers, type ResolvedIdentifier } from '../../domain/identifiers';
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
import { defaultRetryPolicy, type RetryPolicy } from '../retry';
import type { CancelOutcome, Connector, SubmissionReceipt, SubmitContext } from '../types';
import {
  commentShowsData,
  findUsers,
  isWorking,
  messagingUsers,
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
}

/** The placeholder a redaction writes over each character (docs/zendesk-api.md §7.2). */
const REDACTED = '▇';
/** Request ids by what they stand for: a permanent-deletion job, or calls the platform answered at once. */
const JOB = 'job:';
const DONE_AT_ONCE = ['redacted:', 'users:'];
const MESSAGING = 'messaging-delete:';
const SENT_AGAIN =
  "an earlier attempt's answer was lost, and Zendesk's job statuses name neither their tickets nor their time: the tickets were sent again in a new job (one that deletes nothing twice)";

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

  constructor(options: ZendeskConnectorOptions) {
    this.now = options.now ?? Date.now;
    const http = { dispatcher: options.dispatcher, timeoutMs: options.timeoutMs };
    const retry = options.retry ?? defaultRetryPolicy;
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
    this.reads = new ZendeskReads(this.support, this.messaging);
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
    const found = users.flatMap(({ user, leads }) =>
      identifiers
        .filter((i) => leads.includes(`${i.kind}:${i.value}`))
        .flatMap((by) => identifiersOfUser(user, by)),
    );
    const known = mergeIdentifiers(identifiers, found);
    const messaging = await messagingUsers(this.reads, known, users, context.progress.scope('messaging'));
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
    const users = await findUsers(this.reads, identifiers, context.progress.scope('users'));
    const records: PlatformRecord[] = [];
    for (const found of users)
      records.push(
        ...(await recordsOfUser(
          this.reads,
          found,
          this.policy,
          context.progress.scope(`user:${found.user.id}`),
        )),
      );
    for (const { id, leads } of await messagingUsers(
      this.reads,
      identifiers,
      users,
      context.progress.scope('messaging'),
    ))
      records.push({ kind: 'messagingUser', id, active: false, leads });
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
        if (userBlockedBy(await this.reads.ticketsOf(Number(r.id), 'requested'), this.policy))
          blocked.push(r.id);
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
        return { ...receipt(`${JOB}${jobId}`), ...(lostAnswer ? { lostAnswer } : {}) };
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
    if (!requestId.startsWith(JOB)) return 'UNKNOWN';
    const job = await this.reads.job(requestId.slice(JOB.length));
    // A job's status is kept an hour to a day (§5): after that, only the records can tell.
    if (!job) return 'UNKNOWN';
    if (job.status === 'queued' || job.status === 'working') return 'IN_PROGRESS';
    if (job.status === 'completed') {
      const ok = !job.results || Array.isArray(job.results) || job.results.success;
      return ok ? 'DONE' : 'FAILED';
    }
    return job.status === 'failed' || job.status === 'killed' ? 'FAILED' : 'UNKNOWN';
  }

  /** Of these (discovered) records, the ids that still hold the person's data, read back one by one. */
  async verify(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const present: string[] = [];
    let softDeleted: Set<number> | undefined;
    // A ticket reading 404 may only be soft-deleted (§11 R5): the deleted list (10 calls a minute) is read once.
    const inDeletedList = async (ticketId: number): Promise<boolean> => {
      softDeleted ??= await this.reads.softDeletedTicketIds();
      return softDeleted.has(ticketId);
    };
    for (const r of records) {
      if (await this.holdsData(r, inDeletedList)) present.push(r.id);
    }
    return present;
  }

  async cancel(_requestId: string): Promise<CancelOutcome> {
    return { withdrawn: false, note: 'Zendesk deletions cannot be withdrawn once sent' };
  }

  private async holdsData(
    r: { kind: RecordKind; id: string },
    inDeletedList: (ticketId: number) => Promise<boolean>,
  ): Promise<boolean> {
    switch (r.kind) {
      case 'ticket':
        return (await this.reads.ticket(r.id)) !== undefined || (await inDeletedList(Number(r.id)));
      case 'ticketComment': {
        const ref = parseCommentRef(r.id);
        if (!ref) return true;
        const comments = await this.reads.comments(ref.ticketId);
        if (!comments) return inDeletedList(ref.ticketId);
        const comment = comments.find((c) => c.id === ref.commentId);
        return comment !== undefined && commentShowsData(comment, (t) => showsPersonalData(t, [REDACTED]));
      }
      case 'endUser': {
        if ((await this.reads.user(r.id)) !== undefined) return true;
        const deleted = await this.reads.deletedUser(r.id);
        // Listed without name, email or phone, a permanently deleted user holds none of them (§6, §11 R13).
        return (
          deleted !== undefined &&
          (deleted.name !== 'Permanently Deleted User' || Boolean(deleted.email || deleted.phone))
        );
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
  ): Promise<{ jobId: string; lostAnswer?: LostAnswer }> {
    for (const id of ids) {
      await context.progress.step(`soft:${id}`, async () => {
        try {
          await this.support.call({
            operation: 'deleteTicket',
            method: 'DELETE',
            path: `/api/v2/tickets/${encodeURIComponent(id)}`,
            schema: z.undefined(),
          });
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
        }
        return true;
      });
    }
    let sentNow = false;
    const jobId = await context.progress.step('job', async () => {
      sentNow = true;
      const answer = await this.support.call({
        operation: 'permanentlyDeleteTickets',
        method: 'DELETE',
        path: `/api/v2/deleted_tickets/destroy_many?ids=${ids.map(encodeURIComponent).join(',')}`,
        schema: JobStatusAnswerSchema,
      });
      return answer.job_status.id;
    });
    // A job an earlier attempt saved is reused; one sent now after an earlier attempt may be a second.
    if (context.attempt <= 1 || !sentNow) return { jobId };
    return { jobId, lostAnswer: { action: 'sent_again', candidates: [], note: SENT_AGAIN } };
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
