import type { Dispatcher } from 'undici';
import type { Secret } from '../../config/secret';
import { type IdentifierKind, identifierKey, type ResolvedIdentifier } from '../../domain/identifiers';
import type { PlannedBatch } from '../../domain/planner';
import {
  type PlatformRecord,
  platformLimits,
  type RecordKind,
  type RetainedData,
} from '../../domain/platforms';
import type { RequestStatus } from '../../domain/progress';
import { type CallContext, firstAttempt } from '../call-context';
import { callJson, type HttpCall, type HttpOptions } from '../http';
import { defaultRetryPolicy, type RetryPolicy, withRetries } from '../retry';
import type { CancelOutcome, Connector, SubmissionReceipt } from '../types';
import { type ChatbotPaths, defaultChatbotPaths } from './paths';
import { chatbotRetainedByDesign } from './retained';
import {
  type ChatbotConversation,
  ConversationPageSchema,
  ConversationSchema,
  RequestReceivedSchema,
} from './schemas';

export interface ChatbotConnectorOptions {
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly apiToken: Secret;
  /** The bot's Unique Chatter Identifier key (the Flow Builder variable flagged as UCI). */
  readonly uciKey: string;
  /** Identifier kinds whose values are UCI values (default: `chatbotUci`; e.g. `customerId` when the UCI is one). */
  readonly uciFrom?: readonly IdentifierKind[];
  readonly paths?: Partial<ChatbotPaths>;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  /** What the platform keeps after a delete (default: the documented list). */
  readonly retained?: readonly RetainedData[];
  /** Conversations log page size (default 50, the simulator's default). */
  readonly pageSize?: number;
  /** How reads are retried inside a call; default `defaultRetryPolicy`. */
  readonly retry?: RetryPolicy;
}

const PLATFORM = 'chatbot';

/**
 * The chatbot platform (Laiye Chatbot, now ViaSay) through its Data Compliance API and Conversations
 * log. It deletes per chatter, by UCI key and value, asynchronously: the 200 carries no request id and
 * there is no status to poll, so completion is seen only in the log, where each conversation becomes a
 * "Deleted conversation" entry.
 */
export class ChatbotConnector implements Connector {
  readonly platform = PLATFORM;
  readonly limits = platformLimits.chatbot;
  readonly retained: readonly RetainedData[];
  private readonly paths: ChatbotPaths;
  private readonly uciFrom: ReadonlySet<IdentifierKind>;
  private readonly http: HttpOptions;
  private readonly baseUrl: string;
  private readonly pageSize: number;

  constructor(private readonly options: ChatbotConnectorOptions) {
    this.retained = options.retained ?? chatbotRetainedByDesign;
    this.paths = { ...defaultChatbotPaths, ...options.paths };
    this.uciFrom = new Set(options.uciFrom ?? ['chatbotUci']);
    this.http = { dispatcher: options.dispatcher, timeoutMs: options.timeoutMs };
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.pageSize = options.pageSize ?? 50;
  }

  /** The platform has no search by email, phone or name: the UCI value is given, never found. */
  async resolve(_identifiers: readonly ResolvedIdentifier[]): Promise<ResolvedIdentifier[]> {
    return [];
  }

  /**
   * The chatter's conversations from the log, each then read by id as verification will read it, so
   * that a 404 of that read later means "gone" (a 404 now is a NotFoundError: the erasure needs attention).
   */
  async discover(
    identifiers: readonly ResolvedIdentifier[],
    context: CallContext = firstAttempt(Date.now()),
  ): Promise<PlatformRecord[]> {
    const records = new Map<string, PlatformRecord>();
    for (const [i, value] of this.uciValues(identifiers).entries()) {
      const listed = await context.progress.step(`chatter${i}`, async () =>
        (await this.conversationsOf(value)).filter((c) => !c.deleted).map((c) => c.id),
      );
      for (const id of listed) {
        if (records.has(id)) continue;
        const active = await context.progress.step(
          `read:${id}`,
          async () => (await this.conversation(id)).ended_at === null,
        );
        records.set(id, { kind: 'conversation', id, active, leads: this.leadsOf(identifiers, value) });
      }
    }
    return [...records.values()];
  }

  /** The platform holds nothing of its own: only open conversations block (a delete skips them). */
  async stillBlocked(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const open: string[] = [];
    for (const r of records) {
      if ((await this.conversation(r.id)).ended_at === null) open.push(r.id);
    }
    return open;
  }

  /**
   * One delete per UCI value of the subject. The platform answers no id, so the receipt's is Lethe's
   * own; deleting a chatter twice is harmless, so a retry simply sends again and needs no reconciling.
   */
  async submit(
    batch: PlannedBatch,
    idempotencyKey: string,
    subject: readonly ResolvedIdentifier[],
  ): Promise<SubmissionReceipt> {
    const values = this.uciValues(subject);
    if (values.length === 0)
      throw new RangeError('the chatbot deletes by Unique Chatter Identifier, and the subject has none');
    for (const value of values) {
      await this.call({
        operation: 'deleteChatter',
        method: 'POST',
        url: `${this.baseUrl}${this.paths.delete}`,
        json: { uci_key: this.options.uciKey, uci_value: value },
        schema: RequestReceivedSchema,
      });
    }
    return { requestId: `chatbot-delete:${idempotencyKey}`, kind: batch.kind, ids: [...batch.ids] };
  }

  /** There is no status endpoint: completion is judged by verifying the records. */
  async status(_requestId: string): Promise<RequestStatus> {
    return 'UNKNOWN';
  }

  /**
   * A (discovered) conversation is erased when the log shows it deleted, without transcript or UCI. The
   * platform documents that a deleted conversation stays in the log as a "Deleted conversation" entry,
   * so a 404 is not a deletion: it proves nothing (a wrong path reads the same) and needs attention.
   */
  async verify(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const present: string[] = [];
    for (const r of records) {
      const c = await this.conversation(r.id);
      const erased = c.deleted && c.transcript === null && c.uci_value === null;
      if (!erased) present.push(r.id);
    }
    return present;
  }

  async cancel(_requestId: string): Promise<CancelOutcome> {
    return { withdrawn: false, note: 'the chatbot platform offers no way to withdraw a deletion' };
  }

  /** The identifiers (keys) whose value is this UCI value: what led to the chatter's conversations. */
  private leadsOf(identifiers: readonly ResolvedIdentifier[], value: string): string[] {
    return identifiers.filter((i) => this.uciFrom.has(i.kind) && i.value === value).map(identifierKey);
  }

  /** The distinct UCI values among the identifiers, in the order given. */
  private uciValues(identifiers: readonly ResolvedIdentifier[]): string[] {
    return [...new Set(identifiers.filter((i) => this.uciFrom.has(i.kind)).map((i) => i.value))];
  }

  /** Every page of the chatter's conversations. */
  private async conversationsOf(value: string): Promise<ChatbotConversation[]> {
    const all: ChatbotConversation[] = [];
    for (let page = 1; ; page += 1) {
      const query = new URLSearchParams({
        uci_key: this.options.uciKey,
        uci_value: value,
        page: String(page),
        page_size: String(this.pageSize),
      });
      const answer = await this.call({
        operation: 'listConversations',
        method: 'GET',
        url: `${this.baseUrl}${this.paths.conversations}?${query}`,
        schema: ConversationPageSchema,
        idempotent: true,
      });
      all.push(...answer.conversations);
      // An empty page ends the walk too, should the total be wrong.
      if (answer.conversations.length === 0 || all.length >= answer.total) return all;
    }
  }

  /** One conversation of the log, by id. */
  private conversation(id: string): Promise<ChatbotConversation> {
    return this.call({
      operation: 'getConversation',
      method: 'GET',
      url: `${this.baseUrl}${this.paths.conversations}/${encodeURIComponent(id)}`,
      schema: ConversationSchema,
      idempotent: true,
    });
  }

  private call<T>(call: Omit<HttpCall<T>, 'platform' | 'headers'>): Promise<T> {
    return withRetries(
      this.options.retry ?? defaultRetryPolicy,
      call.idempotent ?? false,
      () =>
        callJson(this.http, {
          ...call,
          platform: PLATFORM,
          headers: { authorization: `Bearer ${this.options.apiToken.reveal()}` },
        }),
      call.operation,
    );
  }
}
