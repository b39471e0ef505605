import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { mergeIdentifiers, type ResolvedIdentifier } from '../../domain/identifiers';
import type { PlannedBatch } from '../../domain/planner';
import {
  type PlatformRecord,
  platformLimits,
  type RecordKind,
  type RetainedData,
} from '../../domain/platforms';
import type { RequestStatus } from '../../domain/progress';
import { PlatformRejectedError } from '../errors';
import type { CancelOutcome, Connector, SubmissionReceipt } from '../types';
import {
  corroborated,
  identifiersOf,
  namesSomeone,
  searchTypeOf,
  subjectOf,
  trustedSearchTypes,
} from './identity';
import {
  type AnalyticsConversation,
  AnalyticsConversationSchema,
  DetailsQueryResultSchema,
  ExternalContactSchema,
  GdprRequestListingSchema,
  type GdprRequestSchema,
  RecordingMetadataSchema,
  GdprRequestSchema as RequestSchema,
  SubjectListingSchema,
} from './schemas';
import { defaultThrottlePolicy, type GenesysAuth, GenesysSession, type ThrottlePolicy } from './session';

const DAY = 86_400_000;

/** How Lethe erases on Genesys: delete the subject's data, or replace its identifiers with a term. */
export type GenesysMode = 'delete' | 'update';

export interface GenesysConnectorOptions {
  readonly auth: GenesysAuth;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  /** GDPR_DELETE (default) or GDPR_UPDATE with `replacementTerm` for every identifier. */
  readonly mode?: GenesysMode;
  readonly replacementTerm?: string;
  /** How far back to look for interactions (default 13 months), in windows of `windowDays`. */
  readonly lookbackDays?: number;
  readonly windowDays?: number;
  /** What stays after erasure by law; default: telephony metadata, for carrier billing. */
  readonly retained?: readonly RetainedData[];
  readonly now?: () => number;
  /** How short rate limits are waited out (default: up to 5 waits of at most a minute each). */
  readonly throttle?: Partial<ThrottlePolicy>;
}

/** What Genesys keeps outside the GDPR API's reach (seed guide, "toll-free number persistence"). */
export const genesysTelephonyRetention: RetainedData = {
  data: 'telephony metadata: SIP traces and trunk logs (numbers and times, no content)',
  reason:
    'kept for carrier billing and regulatory troubleshooting under telecommunications law, outside the scope of the Genesys Cloud GDPR API',
};

/** Requests Lethe made carry this name prefix and their idempotency key, so a retry can find them. */
const NAME_PREFIX = 'lethe:';
/** Pages of the request list (newest first) searched for an earlier attempt of a submission. */
const RECONCILE_PAGES = 5;
const PAGE_SIZE = 100;

/**
 * Genesys Cloud through its GDPR API (subject search, requests, status), analytics conversation
 * details (discovery and verification), recording metadata and external contacts. Requests name the
 * person, not records: each carries every identifier resolution found.
 */
export class GenesysConnector implements Connector {
  readonly platform = 'genesys' as const;
  readonly limits = platformLimits.genesys;
  readonly retained: readonly RetainedData[];
  private readonly session: GenesysSession;
  private readonly mode: GenesysMode;
  private readonly replacementTerm: string;
  private readonly lookbackMs: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: GenesysConnectorOptions) {
    this.now = options.now ?? Date.now;
    this.session = new GenesysSession(
      options.auth,
      { dispatcher: options.dispatcher, timeoutMs: options.timeoutMs },
      this.now,
      { ...defaultThrottlePolicy, ...options.throttle },
    );
    this.mode = options.mode ?? 'delete';
    this.replacementTerm = options.replacementTerm ?? '[erased]';
    this.lookbackMs = (options.lookbackDays ?? 396) * DAY;
    this.windowMs = (options.windowDays ?? 31) * DAY;
    this.retained = options.retained ?? [genesysTelephonyRetention];
  }

  /**
   * Fans out one subject search per identifier (and reads each known external contact), then merges
   * the subjects found. Hits through a name or postal address count only when corroborated.
   */
  async resolve(identifiers: readonly ResolvedIdentifier[]): Promise<ResolvedIdentifier[]> {
    const found: ResolvedIdentifier[][] = [];
    for (const id of identifiers) {
      const searchType = searchTypeOf[id.kind];
      const provenance = `genesys:${id.kind}`;
      if (id.kind === 'genesysExternalContactId') {
        const contact = await this.contact(id.value);
        if (contact) found.push(identifiersOf(contactSubject(contact), provenance));
        continue;
      }
      if (!searchType) continue;
      const listing = await this.session.call({
        operation: 'searchSubjects',
        method: 'GET',
        url: this.session.url(
          `/api/v2/gdpr/subjects?searchType=${searchType}&searchValue=${encodeURIComponent(id.value)}`,
        ),
        schema: SubjectListingSchema,
      });
      for (const subject of listing.entities) {
        const hit = identifiersOf(subject, provenance);
        if (trustedSearchTypes.has(searchType) || corroborated(hit, identifiers)) found.push(hit);
      }
    }
    return mergeIdentifiers(...found);
  }

  async discover(identifiers: readonly ResolvedIdentifier[]): Promise<PlatformRecord[]> {
    const records: PlatformRecord[] = [];
    for (const c of await this.interactionsOf(identifiers)) {
      records.push({ kind: 'conversation', id: c.conversationId, active: c.conversationEnd === undefined });
      for (const rec of await this.recordings(c.conversationId)) {
        records.push({
          kind: 'recording',
          id: recordingRef(c.conversationId, rec.id),
          active: false,
          ...(rec.legalHold ? { heldReason: 'recording under a legal hold at Genesys Cloud' } : {}),
        });
      }
    }
    for (const id of identifiers) {
      if (id.kind !== 'genesysExternalContactId') continue;
      if (await this.contact(id.value))
        records.push({ kind: 'externalContact', id: id.value, active: false });
    }
    return records;
  }

  async stillBlocked(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const blocked: string[] = [];
    for (const r of records) {
      if (r.kind === 'conversation') {
        const c = await this.conversation(r.id);
        if (c && c.conversationEnd === undefined) blocked.push(r.id);
      } else if (r.kind === 'recording') {
        const { conversationId, recordingId } = parseRecordingRef(r.id);
        const rec = (await this.recordings(conversationId)).find((x) => x.id === recordingId);
        if (rec?.legalHold) blocked.push(r.id);
      }
    }
    return blocked;
  }

  async submit(
    batch: PlannedBatch,
    idempotencyKey: string,
    subject: readonly ResolvedIdentifier[],
  ): Promise<SubmissionReceipt> {
    const gdprSubject = subjectOf(subject);
    if (!namesSomeone(gdprSubject))
      throw new RangeError('a Genesys GDPR request needs an email, phone, address or external contact id');
    const name = `${NAME_PREFIX}${idempotencyKey}`;
    const earlier = await this.findRequest(name);
    if (earlier) return { requestId: earlier, kind: batch.kind, ids: [...batch.ids] };
    const body =
      this.mode === 'delete'
        ? { requestType: 'GDPR_DELETE', subject: gdprSubject, name }
        : {
            requestType: 'GDPR_UPDATE',
            subject: gdprSubject,
            name,
            replacementTerms: this.replacementTerms(subject),
          };
    const created = await this.session.call({
      operation: 'createGdprRequest',
      method: 'POST',
      url: this.session.url(`/api/v2/gdpr/requests?deleteConfirmed=${this.mode === 'delete'}`),
      json: body,
      schema: RequestSchema,
    });
    return { requestId: created.id, kind: batch.kind, ids: [...batch.ids] };
  }

  async status(requestId: string): Promise<RequestStatus> {
    const r = await this.session.call({
      operation: 'getGdprRequest',
      method: 'GET',
      url: this.session.url(`/api/v2/gdpr/requests/${encodeURIComponent(requestId)}`),
      schema: RequestSchema,
    });
    return statusOf(r.status);
  }

  async verify(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const present: string[] = [];
    for (const r of records) if (await this.holdsData(r.kind, r.id)) present.push(r.id);
    return present;
  }

  async cancel(): Promise<CancelOutcome> {
    return { withdrawn: false, note: 'Genesys Cloud has no way to withdraw a GDPR request' };
  }

  private replacementTerms(subject: readonly ResolvedIdentifier[]) {
    const types = { name: 'NAME', address: 'ADDRESS', phone: 'PHONE', email: 'EMAIL' } as const;
    return subject.flatMap((i) => {
      const type = types[i.kind as keyof typeof types];
      return type ? [{ type, existingValue: i.value, updatedValue: this.replacementTerm }] : [];
    });
  }

  /** A request this submission already created (its answer may have been lost), by its name. */
  private async findRequest(name: string): Promise<string | undefined> {
    for (let pageNumber = 1; pageNumber <= RECONCILE_PAGES; pageNumber += 1) {
      const listing = await this.session.call({
        operation: 'listGdprRequests',
        method: 'GET',
        url: this.session.url(`/api/v2/gdpr/requests?pageSize=${PAGE_SIZE}&pageNumber=${pageNumber}`),
        schema: GdprRequestListingSchema,
      });
      const hit = listing.entities.find((r) => r.name === name);
      if (hit) return hit.id;
      if (listing.entities.length < PAGE_SIZE || pageNumber >= (listing.pageCount ?? 1)) return undefined;
    }
    return undefined;
  }

  /** Interactions in which someone other than an agent used one of the person's numbers, addresses or contacts. */
  private async interactionsOf(identifiers: readonly ResolvedIdentifier[]): Promise<AnalyticsConversation[]> {
    const phones = identifiers.filter((i) => i.kind === 'phone').map((i) => i.value);
    const emails = identifiers.filter((i) => i.kind === 'email').map((i) => i.value);
    const contacts = identifiers.filter((i) => i.kind === 'genesysExternalContactId').map((i) => i.value);
    const predicates = [
      ...phones.flatMap((p) => [
        { type: 'dimension', dimension: 'ani', operator: 'matches', value: `tel:${p}` },
        { type: 'dimension', dimension: 'dnis', operator: 'matches', value: `tel:${p}` },
      ]),
      ...emails.flatMap((e) => [
        { type: 'dimension', dimension: 'addressFrom', operator: 'matches', value: e },
        { type: 'dimension', dimension: 'addressTo', operator: 'matches', value: e },
      ]),
      ...contacts.map((c) => ({
        type: 'dimension',
        dimension: 'externalContactId',
        operator: 'matches',
        value: c,
      })),
    ];
    if (predicates.length === 0) return [];
    const found = new Map<string, AnalyticsConversation>();
    const end = this.now() + DAY;
    for (let to = end; to > end - this.lookbackMs; to -= this.windowMs) {
      const from = Math.max(to - this.windowMs, end - this.lookbackMs);
      for (let pageNumber = 1; ; pageNumber += 1) {
        const result = await this.session.call({
          operation: 'queryConversationDetails',
          method: 'POST',
          url: this.session.url('/api/v2/analytics/conversations/details/query'),
          json: {
            interval: `${new Date(from).toISOString()}/${new Date(to).toISOString()}`,
            order: 'asc',
            orderBy: 'conversationStart',
            paging: { pageSize: PAGE_SIZE, pageNumber },
            segmentFilters: [{ type: 'or', predicates }],
          },
          schema: DetailsQueryResultSchema,
        });
        for (const c of result.conversations)
          if (customerHolds(c, phones, emails, contacts)) found.set(c.conversationId, c);
        if (result.conversations.length < PAGE_SIZE) break;
      }
    }
    return [...found.values()];
  }

  private async holdsData(kind: RecordKind, id: string): Promise<boolean> {
    switch (kind) {
      case 'conversation': {
        const c = await this.conversation(id);
        return c !== undefined && this.customerData(c);
      }
      case 'recording': {
        const { conversationId, recordingId } = parseRecordingRef(id);
        return (await this.recordings(conversationId)).some((r) => r.id === recordingId);
      }
      case 'externalContact': {
        const contact = await this.contact(id);
        if (!contact) return false;
        if (this.mode === 'delete') return true;
        return contactValues(contact).some((v) => v !== this.replacementTerm);
      }
      default:
        throw new RangeError(`Genesys Cloud has no ${kind} records`);
    }
  }

  /** Whether anyone but an agent still shows a name, number, address or contact link in the interaction. */
  private customerData(c: AnalyticsConversation): boolean {
    const erased = (v: string | undefined): boolean =>
      v === undefined || v === '' || v === this.replacementTerm || v === `tel:${this.replacementTerm}`;
    return c.participants
      .filter((p) => p.purpose !== 'agent')
      .some(
        (p) =>
          !erased(p.participantName) ||
          // An update keeps the contact link; the contact's own fields are what it replaces.
          (this.mode === 'delete' && !erased(p.externalContactId)) ||
          p.sessions.some((s) => !erased(s.ani) || !erased(s.addressFrom)),
      );
  }

  private async conversation(id: string): Promise<AnalyticsConversation | undefined> {
    return this.orNotFound(() =>
      this.session.call({
        operation: 'getConversationDetails',
        method: 'GET',
        url: this.session.url(`/api/v2/analytics/conversations/${encodeURIComponent(id)}/details`),
        schema: AnalyticsConversationSchema,
      }),
    );
  }

  private async recordings(conversationId: string) {
    return (
      (await this.orNotFound(() =>
        this.session.call({
          operation: 'getRecordingMetadata',
          method: 'GET',
          url: this.session.url(
            `/api/v2/conversations/${encodeURIComponent(conversationId)}/recordingmetadata`,
          ),
          schema: RecordingMetadataSchema,
        }),
      )) ?? []
    );
  }

  private async contact(id: string) {
    return this.orNotFound(() =>
      this.session.call({
        operation: 'getExternalContact',
        method: 'GET',
        url: this.session.url(`/api/v2/externalcontacts/contacts/${encodeURIComponent(id)}`),
        schema: ExternalContactSchema,
      }),
    );
  }

  /** A 404 means the thing is gone (or never was): undefined, not an error. */
  private async orNotFound<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof PlatformRejectedError && err.status === 404) return undefined;
      throw err;
    }
  }
}

type GdprStatus = z.output<typeof GdprRequestSchema>['status'];

/** Genesys' request status in Lethe's terms: ERROR ends a request (e.g. a partial completion). */
export function statusOf(status: GdprStatus): RequestStatus {
  switch (status) {
    case 'INITIATED':
      return 'NOT_STARTED';
    case 'COMPLETED':
      return 'DONE';
    case 'ERROR':
      return 'FAILED';
    default:
      return 'IN_PROGRESS';
  }
}

/** A recording is addressed through its interaction: `<conversation id>/<recording id>`. */
export const recordingRef = (conversationId: string, recordingId: string): string =>
  `${conversationId}/${recordingId}`;

function parseRecordingRef(ref: string): { conversationId: string; recordingId: string } {
  const at = ref.indexOf('/');
  if (at <= 0) throw new RangeError('a recording reference is <conversation id>/<recording id>');
  return { conversationId: ref.slice(0, at), recordingId: ref.slice(at + 1) };
}

const telKey = (v: string): string => v.replace(/^tel:/, '').replace(/[^\d+]/g, '');

/** Whether a non-agent participant of the interaction holds one of the person's identifiers exactly. */
function customerHolds(
  c: AnalyticsConversation,
  phones: readonly string[],
  emails: readonly string[],
  contacts: readonly string[],
): boolean {
  const phoneSet = new Set(phones.map(telKey));
  const emailSet = new Set(emails.map((e) => e.toLowerCase()));
  return c.participants
    .filter((p) => p.purpose !== 'agent')
    .some(
      (p) =>
        (p.externalContactId !== undefined && contacts.includes(p.externalContactId.toLowerCase())) ||
        p.sessions.some(
          (s) =>
            [s.ani, s.dnis].some((v) => v !== undefined && phoneSet.has(telKey(v))) ||
            [s.addressFrom, s.addressTo].some((v) => v !== undefined && emailSet.has(v.toLowerCase())),
        ),
    );
}

function contactSubject(c: z.output<typeof ExternalContactSchema>) {
  return {
    name: [c.firstName, c.lastName].filter(Boolean).join(' ') || undefined,
    externalContactId: c.id,
    emailAddresses: [c.workEmail, c.personalEmail, c.otherEmail].filter((v): v is string => Boolean(v)),
    phoneNumbers: [c.workPhone, c.cellPhone, c.homePhone, c.otherPhone]
      .map((p) => p?.e164)
      .filter((v): v is string => Boolean(v)),
  };
}

function contactValues(c: z.output<typeof ExternalContactSchema>): string[] {
  const s = contactSubject(c);
  return [...s.emailAddresses, ...s.phoneNumbers];
}
