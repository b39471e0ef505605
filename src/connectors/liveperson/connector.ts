import type { Dispatcher } from 'undici';
import { identifierKey, mergeIdentifiers, type ResolvedIdentifier } from '../../domain/identifiers';
import type { PlannedBatch } from '../../domain/planner';
import { type PlatformRecord, platformLimits, type RecordKind } from '../../domain/platforms';
import type { RequestStatus } from '../../domain/progress';
import { type CallContext, firstAttempt, type StepProgress } from '../call-context';
import { PlatformRejectedError, ProtocolError } from '../errors';
import type { RetryPolicy } from '../retry';
import type { CancelOutcome, Connector, SubmissionReceipt, SubmitContext } from '../types';
import { consumerIdentifiers } from './consumer-identifiers';
import { defaultHistorySearchLimits, HistorySearch, type HistorySearchLimits } from './history-search';
import { type AttributeType, holdsIdentifier } from './identity-match';
import { lostAnswerOutcome, lostCreateCandidates } from './lost-answer';
import {
  consumerHoldsData,
  consumerParticipants,
  conversationHoldsData,
  engagementHoldsData,
} from './personal-data';
import {
  type ConversationRecord,
  DeletionCancelledSchema,
  DeletionCreatedSchema,
  DeletionStatusSchema,
} from './schemas';
import { type LivePersonAuth, LivePersonSession } from './session';

export interface LivePersonConnectorOptions {
  readonly auth: LivePersonAuth;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  readonly search?: Partial<HistorySearchLimits>;
  /** The platform clock: search windows, dates sent and token expiry (see the README, "platform clock"). */
  readonly now?: () => number;
  /** How reads are retried inside a call; default `defaultRetryPolicy`. */
  readonly retry?: RetryPolicy;
}

/**
 * LivePerson through its Personal Data Deletion, Messaging Interactions and Engagement History APIs.
 * Identity: engagement attributes (email, phone → personalInfo; customer id → customerInfo) lead to
 * conversations and their consumer ids; a consumer id leads to all that consumer's conversations.
 * Names are never searched: they are not unique, and deleting another person's data is worse than none.
 */
export class LivePersonConnector implements Connector {
  readonly platform = 'liveperson' as const;
  readonly limits = platformLimits.liveperson;
  /** LivePerson names nothing it keeps after a completed deletion request. */
  readonly retained = [];
  private readonly session: LivePersonSession;
  private readonly history: HistorySearch;
  private readonly now: () => number;
  /** Who the platform names as the requester of this connector's requests, once a create told us. */
  private requester?: string;

  constructor(options: LivePersonConnectorOptions) {
    const now = options.now ?? Date.now;
    this.now = now;
    this.session = new LivePersonSession(
      options.auth,
      { dispatcher: options.dispatcher, timeoutMs: options.timeoutMs },
      now,
      options.retry,
    );
    this.history = new HistorySearch(this.session, { ...defaultHistorySearchLimits, ...options.search }, now);
  }

  async resolve(
    identifiers: readonly ResolvedIdentifier[],
    context: CallContext = firstAttempt(this.now()),
  ): Promise<ResolvedIdentifier[]> {
    const found: ResolvedIdentifier[] = [];
    for (const [i, id] of identifiers.entries()) {
      // Steps are keyed by the identifier's place in the input: a retried attempt has the same input.
      const progress = context.progress.scope(`resolve${i}`);
      if (id.kind === 'livepersonConsumerId') {
        found.push(...(await this.shownByConsumer(progress, id)));
        continue;
      }
      const type = searchableIn(id.kind);
      if (!type) continue;
      // The searches match substrings; keep only records that hold the identifier exactly.
      const conversations = await this.history.conversationsByAttribute(
        progress.scope('mi'),
        type,
        id.value,
        (c) =>
          holdsIdentifier(c.sdes, type, id)
            ? {
                conversationId: c.info.conversationId,
                consumers: consumerParticipants(c).map((p) => p.participantId),
              }
            : undefined,
      );
      const engagements = await this.history.engagementsByAttribute(
        progress.scope('eh'),
        id.value,
        [`ea.${type}`],
        (e) => (holdsIdentifier(e.sdes, type, id) ? e.info.engagementId : undefined),
      );
      // An identifier the details of more than one consumer hold (a household's phone) ties what it
      // finds to the subject only weakly: the expansion policy decides (src/domain/expansion.ts).
      const people = new Set(conversations.flatMap((c) => c.consumers));
      const from = {
        provenance: `liveperson:${id.kind}`,
        via: identifierKey(id),
        link: people.size > 1 ? ('shared' as const) : ('own' as const),
      };
      for (const c of conversations) {
        for (const consumer of c.consumers)
          found.push({ kind: 'livepersonConsumerId', value: consumer, ...from });
        // A consumer id leads discovery to all its conversations; only a conversation without one is an
        // identifier of its own (keeps a subject with thousands of conversations to a few identifiers).
        if (c.consumers.length === 0) {
          found.push({ kind: 'livepersonConversationId', value: c.conversationId, ...from });
        }
      }
      for (const engagementId of engagements) {
        found.push({ kind: 'livepersonEngagementId', value: engagementId, ...from });
      }
    }
    return mergeIdentifiers(identifiers, found);
  }

  /**
   * The emails and phones a consumer's conversations show: the consumer's own details (`own`) and what
   * the consumer typed (`free-text`), which the expansion policy holds for an operator by default.
   */
  private async shownByConsumer(
    progress: StepProgress,
    consumer: ResolvedIdentifier,
  ): Promise<ResolvedIdentifier[]> {
    const shown = await this.history.conversationsOfConsumer(progress.scope('shown'), consumer.value, (c) =>
      consumerIdentifiers(c, consumer.value),
    );
    const via = identifierKey(consumer);
    return mergeIdentifiers(
      shown.flat().map((id) => ({ ...id, provenance: 'liveperson:livepersonConsumerId', via })),
    );
  }

  async discover(
    identifiers: readonly ResolvedIdentifier[],
    context: CallContext = firstAttempt(this.now()),
  ): Promise<PlatformRecord[]> {
    const records = new Map<string, PlatformRecord>();
    // A record found again through another identifier names both as its leads.
    const add = (r: PlatformRecord, lead: ResolvedIdentifier): void => {
      const key = `${r.kind}:${r.id}`;
      const leads = [...(records.get(key)?.leads ?? []), identifierKey(lead)];
      records.set(key, { ...(records.get(key) ?? r), leads: [...new Set(leads)] });
    };
    const addConversation = (c: ConversationRecord, lead: ResolvedIdentifier): void =>
      add({ kind: 'conversation', id: c.info.conversationId, active: c.info.status === 'OPEN' }, lead);
    for (const [i, id] of identifiers.entries()) {
      if (id.kind === 'livepersonConsumerId') {
        const conversations = await this.history.conversationsOfConsumer(
          context.progress.scope(`consumer${i}`),
          id.value,
          (c) => ({ id: c.info.conversationId, active: c.info.status === 'OPEN' }),
        );
        for (const c of conversations) add({ kind: 'conversation', ...c }, id);
        add({ kind: 'consumer', id: id.value, active: false }, id);
      }
    }
    for (const id of identifiers) {
      if (id.kind === 'livepersonConversationId') {
        const known = records.get(`conversation:${id.value}`);
        const c = known ? undefined : await this.history.conversation(id.value);
        if (known) add(known, id);
        else if (c) addConversation(c, id);
      } else if (id.kind === 'livepersonEngagementId') {
        const e = await this.history.engagement(id.value);
        if (e) add({ kind: 'engagement', id: e.info.engagementId, active: e.info.ended === false }, id);
      }
    }
    return [...records.values()];
  }

  /** LivePerson keeps no legal holds of its own: only open conversations and engagements block. */
  async stillBlocked(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const active: string[] = [];
    for (const r of records) {
      if (r.kind === 'conversation') {
        if ((await this.history.conversation(r.id))?.info.status === 'OPEN') active.push(r.id);
      } else if (r.kind === 'engagement') {
        if ((await this.history.engagement(r.id))?.info.ended === false) active.push(r.id);
      }
    }
    return active;
  }

  /**
   * One deletion request. LivePerson documents no idempotency header and lists requests without their
   * ids, so a create whose answer was lost is found by time alone: on a later attempt, the requests
   * created since the first one are the candidates (`./lost-answer`).
   */
  async submit(
    batch: PlannedBatch,
    _idempotencyKey: string,
    _subject: readonly ResolvedIdentifier[] = [],
    context: SubmitContext = firstAttempt(this.now()),
  ): Promise<SubmissionReceipt> {
    if (batch.ids.length === 0 || batch.ids.length > this.limits.maxIdsPerRequest) {
      throw new RangeError(
        `a deletion request holds 1 to ${this.limits.maxIdsPerRequest} ids, got ${batch.ids.length}`,
      );
    }
    const receipt = { kind: batch.kind, ids: [...batch.ids] };
    let lostAnswer: ReturnType<typeof lostAnswerOutcome>;
    if (context.attempt > 1) {
      const since = context.firstAttemptAt - LOST_ANSWER_SKEW_MS;
      const rows = await this.session.call({
        operation: 'listDeletionRequests',
        method: 'GET',
        url: `${await this.deletionUrl()}?fromDate=${utcDate(since)}`,
        schema: DeletionStatusSchema,
        idempotent: true,
      });
      const known = context.knownRequestIds ?? [];
      const candidates = lostCreateCandidates(rows, {
        since,
        known,
        ...(await this.requesterName(known)),
      });
      lostAnswer = lostAnswerOutcome(candidates, context.exclusiveSender ?? false);
      if (lostAnswer?.action === 'reused')
        return { requestId: candidates[0] as string, ...receipt, lostAnswer };
      // Answers lost again and again: each new request spends the month's quota. Stop, and say so.
      if (candidates.length >= MAX_LOST_ANSWERS) {
        throw new PlatformRejectedError(
          { platform: 'liveperson', operation: 'createDeletionRequest' },
          `not sent again: ${candidates.length} requests created since the first attempt could carry these ids (${candidates.join(', ')}), and answers keep being lost`,
        );
      }
    }
    const created = await this.session.call({
      operation: 'createDeletionRequest',
      method: 'POST',
      url: await this.deletionUrl(),
      json: { [batch.kind]: batch.ids },
      schema: DeletionCreatedSchema,
      on429: 'quota',
    });
    if (created.requested_by) this.requester = created.requested_by;
    return { requestId: created.request_id, ...receipt, ...(lostAnswer ? { lostAnswer } : {}) };
  }

  /**
   * Who the platform names as the requester of this connector's requests: told by a create's answer
   * in this process, or read (the by-id read) from the last request Lethe holds a receipt for. Unknown
   * when there is none: then requests of anyone count as candidates.
   */
  private async requesterName(known: readonly string[]): Promise<{ requester?: string }> {
    const last = known.at(-1);
    if (this.requester === undefined && last !== undefined) {
      const rows = await this.session.call({
        operation: 'getDeletionRequest',
        method: 'GET',
        url: await this.deletionUrl(last),
        schema: DeletionStatusSchema,
        idempotent: true,
      });
      const by = rows.find((r) => r.request_id === last)?.requested_by;
      if (by) this.requester = by;
    }
    return this.requester !== undefined ? { requester: this.requester } : {};
  }

  async status(requestId: string): Promise<RequestStatus> {
    const rows = await this.session.call({
      operation: 'getDeletionRequest',
      method: 'GET',
      url: await this.deletionUrl(requestId),
      schema: DeletionStatusSchema,
      idempotent: true,
    });
    const row = rows.find((r) => r.request_id === requestId);
    if (!row)
      throw new ProtocolError(
        { platform: 'liveperson', operation: 'getDeletionRequest' },
        `request ${requestId} missing from the answer`,
      );
    return row.status;
  }

  async verify(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const present: string[] = [];
    for (const r of records) {
      if (await this.holdsData(r.kind, r.id)) present.push(r.id);
    }
    return present;
  }

  async cancel(requestId: string): Promise<CancelOutcome> {
    try {
      const rows = await this.session.call({
        operation: 'cancelDeletionRequest',
        method: 'POST',
        url: `${await this.deletionUrl(requestId)}/cancel`,
        schema: DeletionCancelledSchema,
      });
      return { withdrawn: rows.some((r) => r.request_id === requestId && r.is_canceled) };
    } catch (err) {
      // After the grace period the platform refuses: the request is final, which the evidence must say.
      if (err instanceof PlatformRejectedError) return { withdrawn: false, note: err.platformMessage };
      throw err;
    }
  }

  private async holdsData(kind: RecordKind, id: string): Promise<boolean> {
    switch (kind) {
      case 'conversation': {
        // A conversation the by-id search no longer returns is not verified gone: most were found by
        // the consumer search, not this read, and LivePerson keeps deleted ones, masked (§1.a). Absent,
        // it counts as still there (report less, never more).
        const c = await this.history.conversation(id);
        return c === undefined || conversationHoldsData(c);
      }
      case 'consumer':
        return consumerHoldsData(await this.history.conversationsOfConsumer(undefined, id, (c) => c), id);
      case 'engagement': {
        const e = await this.history.engagement(id);
        return e !== undefined && engagementHoldsData(e);
      }
      case 'ticketing':
        throw new RangeError('tickets cannot be verified through the history APIs');
      default:
        throw new RangeError(`LivePerson has no ${kind} records`);
    }
  }

  private async deletionUrl(requestId?: string): Promise<string> {
    const base = `${await this.session.serviceUrl('rtbf')}/api/account/${encodeURIComponent(this.session.accountId)}/personal-data-deletion`;
    return requestId === undefined ? base : `${base}/${encodeURIComponent(requestId)}`;
  }
}

/**
 * How far the platform's clock may be from Lethe's: a request created by a lost attempt can carry a
 * `request_time` up to this much before the attempt was scheduled by Lethe's clock.
 */
const LOST_ANSWER_SKEW_MS = 5 * 60_000;

/** After this many possible duplicates, a submission is refused rather than sent yet again. */
const MAX_LOST_ANSWERS = 3;

const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Where an identifier is searched: emails and phones in personal info, customer ids in customer info. */
function searchableIn(kind: ResolvedIdentifier['kind']): AttributeType | undefined {
  if (kind === 'email' || kind === 'phone') return 'personalInfo';
  if (kind === 'customerId') return 'customerInfo';
  return undefined;
}
