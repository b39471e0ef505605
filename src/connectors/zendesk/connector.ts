import type { Dispatcher } from 'undici';
import type { Secret } from '../../config/secret';
import { identifierKey, mergeIdentifiers, type ResolvedIdentifier } from '../../domain/identifiers';
import type { PlannedBatch } from '../../domain/planner';
import {
  type PlatformRecord,
  platformLimits,
  type RecordKind,
  type RetainedData,
} from '../../domain/platforms';
import type { RequestStatus } from '../../domain/progress';
import { type CallContext, firstAttempt } from '../call-context';
import { NotFoundError } from '../errors';
import { showsPersonalData } from '../masking';
import { RateBudget } from '../rate-budget';
import { defaultRetryPolicy, type RetryPolicy } from '../retry';
import type { CancelOutcome, Connector, SubmissionReceipt, SubmitContext } from '../types';
import { REDACTED, ZendeskDeletions } from './deletions';
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
import { ccdTicketsRetained, keptTicketsRetained, zendeskRetainedByDesign } from './retained';
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
  private readonly deletions: ZendeskDeletions;

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
    this.reads = new ZendeskReads(this.support, new RateBudget(10, this.now, retry.sleep), this.messaging);
    const jobWaitMs = options.jobWaitMs ?? 10 * 60_000;
    this.deletions = new ZendeskDeletions(
      this.support,
      this.reads,
      this.messaging,
      this.now,
      retry,
      jobWaitMs,
    );
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
        const { jobId, lostAnswer } = await this.deletions.deleteTickets(ids, context);
        const noted = lostAnswer ? { lostAnswer } : {};
        if (jobId === undefined) return { ...receipt(`${GONE_ALREADY}${idempotencyKey}`), ...noted };
        const seen = await this.deletions.awaitJob(jobId, context);
        const prefix = seen === 'DONE' ? JOB_COMPLETED : seen === 'FAILED' ? JOB_FAILED : JOB;
        return { ...receipt(`${prefix}${jobId}`), ...noted };
      }
      case 'ticketComment':
        for (const ref of ids) await context.progress.step(`redact:${ref}`, () => this.deletions.redact(ref));
        return receipt(`redacted:${idempotencyKey}`);
      case 'endUser':
        for (const id of ids) await context.progress.step(`user:${id}`, () => this.deletions.deleteUser(id));
        return receipt(`users:${idempotencyKey}`);
      case 'messagingUser':
        for (const id of ids)
          await context.progress.step(`messaging:${id}`, () => this.deletions.deleteMessagingUser(id));
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
    return this.deletions.jobStatus(requestId.slice(JOB.length));
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
}
