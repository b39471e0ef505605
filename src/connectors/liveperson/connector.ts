import type { Dispatcher } from 'undici';
import { mergeIdentifiers, type ResolvedIdentifier } from '../../domain/identifiers';
import type { PlannedBatch } from '../../domain/planner';
import { type PlatformRecord, platformLimits, type RecordKind } from '../../domain/platforms';
import type { RequestStatus } from '../../domain/progress';
import { PlatformRejectedError, ProtocolError } from '../errors';
import type { CancelOutcome, Connector, SubmissionReceipt } from '../types';
import { defaultHistorySearchLimits, HistorySearch, type HistorySearchLimits } from './history-search';
import { type AttributeType, holdsIdentifier } from './identity-match';
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
  /** The clock used for search windows and token expiry (injected so tests can follow a virtual clock). */
  readonly now?: () => number;
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

  constructor(options: LivePersonConnectorOptions) {
    const now = options.now ?? Date.now;
    this.now = now;
    this.session = new LivePersonSession(
      options.auth,
      { dispatcher: options.dispatcher, timeoutMs: options.timeoutMs },
      now,
    );
    this.history = new HistorySearch(this.session, { ...defaultHistorySearchLimits, ...options.search }, now);
  }

  async resolve(identifiers: readonly ResolvedIdentifier[]): Promise<ResolvedIdentifier[]> {
    const found: ResolvedIdentifier[] = [];
    for (const id of identifiers) {
      const type = searchableIn(id.kind);
      if (!type) continue;
      // The searches match substrings; keep only records that hold the identifier exactly.
      const conversations = (await this.history.conversationsByAttribute(type, id.value)).filter((c) =>
        holdsIdentifier(c.sdes, type, id),
      );
      const engagements = (await this.history.engagementsByAttribute(id.value, [`ea.${type}`])).filter((e) =>
        holdsIdentifier(e.sdes, type, id),
      );
      const provenance = `liveperson:${id.kind}`;
      for (const c of conversations) {
        const consumers = consumerParticipants(c);
        for (const p of consumers)
          found.push({ kind: 'livepersonConsumerId', value: p.participantId, provenance });
        // A consumer id leads discovery to all its conversations; only a conversation without one is an
        // identifier of its own (keeps a subject with thousands of conversations to a few identifiers).
        if (consumers.length === 0) {
          found.push({ kind: 'livepersonConversationId', value: c.info.conversationId, provenance });
        }
      }
      for (const e of engagements) {
        found.push({ kind: 'livepersonEngagementId', value: e.info.engagementId, provenance });
      }
    }
    return mergeIdentifiers(identifiers, found);
  }

  async discover(identifiers: readonly ResolvedIdentifier[]): Promise<PlatformRecord[]> {
    const records = new Map<string, PlatformRecord>();
    const add = (r: PlatformRecord): void => {
      if (!records.has(`${r.kind}:${r.id}`)) records.set(`${r.kind}:${r.id}`, r);
    };
    const addConversation = (c: ConversationRecord): void =>
      add({ kind: 'conversation', id: c.info.conversationId, active: c.info.status === 'OPEN' });
    for (const id of identifiers) {
      if (id.kind === 'livepersonConsumerId') {
        for (const c of await this.history.conversationsOfConsumer(id.value)) addConversation(c);
        add({ kind: 'consumer', id: id.value, active: false });
      }
    }
    for (const id of identifiers) {
      if (id.kind === 'livepersonConversationId' && !records.has(`conversation:${id.value}`)) {
        const c = await this.history.conversation(id.value);
        if (c) addConversation(c);
      } else if (id.kind === 'livepersonEngagementId') {
        const e = await this.history.engagement(id.value);
        if (e) add({ kind: 'engagement', id: e.info.engagementId, active: e.info.ended === false });
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

  async submit(batch: PlannedBatch, idempotencyKey: string): Promise<SubmissionReceipt> {
    if (batch.ids.length === 0 || batch.ids.length > this.limits.maxIdsPerRequest) {
      throw new RangeError(
        `a deletion request holds 1 to ${this.limits.maxIdsPerRequest} ids, got ${batch.ids.length}`,
      );
    }
    const body = { [batch.kind]: batch.ids };
    // An earlier attempt may have been created before its answer was lost: reuse it, never duplicate.
    const pending = await this.findPending(JSON.stringify(body));
    if (pending) return { requestId: pending, kind: batch.kind, ids: [...batch.ids] };
    const created = await this.session.call({
      operation: 'createDeletionRequest',
      method: 'POST',
      url: await this.deletionUrl(),
      headers: { 'idempotency-key': idempotencyKey },
      json: body,
      schema: DeletionCreatedSchema,
      on429: 'quota',
    });
    return { requestId: created.request_id, kind: batch.kind, ids: [...batch.ids] };
  }

  /**
   * A request still in its grace period whose body is exactly `deleteJson`, created since yesterday
   * (UTC). The list rows carry `delete_json` where the platform provides it; without it, the
   * idempotency key sent on create is the only guard.
   */
  private async findPending(deleteJson: string): Promise<string | undefined> {
    const since = new Date(this.now() - 86_400_000).toISOString().slice(0, 10);
    const rows = await this.session.call({
      operation: 'listDeletionRequests',
      method: 'GET',
      url: `${await this.deletionUrl()}?status=NOT_STARTED&fromDate=${since}`,
      schema: DeletionStatusSchema,
    });
    return rows.find((r) => r.status === 'NOT_STARTED' && r.delete_json === deleteJson)?.request_id;
  }

  async status(requestId: string): Promise<RequestStatus> {
    const rows = await this.session.call({
      operation: 'getDeletionRequest',
      method: 'GET',
      url: await this.deletionUrl(requestId),
      schema: DeletionStatusSchema,
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
        const c = await this.history.conversation(id);
        return c !== undefined && conversationHoldsData(c);
      }
      case 'consumer':
        return consumerHoldsData(await this.history.conversationsOfConsumer(id), id);
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

/** Where an identifier is searched: emails and phones in personal info, customer ids in customer info. */
function searchableIn(kind: ResolvedIdentifier['kind']): AttributeType | undefined {
  if (kind === 'email' || kind === 'phone') return 'personalInfo';
  if (kind === 'customerId') return 'customerInfo';
  return undefined;
}
