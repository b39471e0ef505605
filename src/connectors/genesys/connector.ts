import type { Dispatcher } from 'undici';
import {
  identifierKey,
  type LinkKind,
  mergeIdentifiers,
  type ResolvedIdentifier,
} from '../../domain/identifiers';
import type { PlannedBatch } from '../../domain/planner';
import {
  type PlatformRecord,
  platformLimits,
  type RecordKind,
  type RetainedData,
} from '../../domain/platforms';
import type { RequestStatus } from '../../domain/progress';
import { type CallContext, firstAttempt } from '../call-context';
import { showsPersonalData } from '../masking';
import type { RetryPolicy } from '../retry';
import type { CancelOutcome, Connector, SubmissionReceipt } from '../types';
import {
  corroborated,
  identifiersOf,
  namesSomeone,
  searchTypeOf,
  subjectOf,
  trustedSearchTypes,
} from './identity';
import { findInteractions, type SearchWindow } from './interactions';
import {
  contactSubject,
  contactValues,
  customerData,
  type GenesysMode,
  parseRecordingRef,
  recordingRef,
  statusOf,
} from './personal-data';
import { GenesysReads, type GoneReads } from './reads';
import {
  GdprRequestListingSchema,
  GdprRequestSchema as RequestSchema,
  SubjectListingSchema,
} from './schemas';
import { type GenesysAuth, GenesysSession } from './session';

const DAY = 86_400_000;

export type { GenesysMode };
export { recordingRef, statusOf };

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
  /** The platform clock: search windows and token expiry (see the README, "platform clock"). */
  readonly now?: () => number;
  /** Calls a minute this worker allows itself on the token (Genesys allows 300). */
  readonly ratePerMinute?: number;
  /** How throttles and transient failures of reads are retried inside a call; default `defaultRetryPolicy`. */
  readonly retry?: RetryPolicy;
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
  private readonly reads: GenesysReads;
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
      options.ratePerMinute,
      options.retry,
    );
    this.reads = new GenesysReads(this.session);
    this.mode = options.mode ?? 'delete';
    this.replacementTerm = options.replacementTerm ?? '[erased]';
    this.lookbackMs = (options.lookbackDays ?? 396) * DAY;
    this.windowMs = (options.windowDays ?? 31) * DAY;
    this.retained = options.retained ?? [genesysTelephonyRetention];
  }

  /**
   * Fans out one subject search per identifier (and reads each known external contact), then merges
   * the subjects found. Hits through a name or postal address count only when corroborated. A contact
   * id that reads 404 was never seen: the erasure needs attention (NotFoundError), nothing is concluded.
   */
  async resolve(
    identifiers: readonly ResolvedIdentifier[],
    context: CallContext = firstAttempt(this.now()),
  ): Promise<ResolvedIdentifier[]> {
    const found: ResolvedIdentifier[][] = [];
    for (const [i, id] of identifiers.entries()) {
      const searchType = searchTypeOf[id.kind];
      const provenance = `genesys:${id.kind}`;
      // What a contact lists is the contact's own; what a search returns for more than one person (a
      // household's phone) ties to the subject only weakly (src/domain/expansion.ts).
      const tied = (hit: ResolvedIdentifier[], link: LinkKind): ResolvedIdentifier[] =>
        hit.map((h) => ({ ...h, via: identifierKey(id), link }));
      if (id.kind === 'genesysExternalContactId') {
        const contact = await context.progress.step(`contact${i}`, async () => {
          const c = await this.reads.contactIfAny(id.value);
          return c ? contactSubject(c) : null;
        });
        if (contact) found.push(tied(identifiersOf(contact, provenance), 'own'));
        continue;
      }
      if (!searchType) continue;
      const subjects = await context.progress.step(`subjects${i}`, async () => {
        const listing = await this.session.call({
          operation: 'searchSubjects',
          method: 'GET',
          url: this.session.url(
            `/api/v2/gdpr/subjects?searchType=${searchType}&searchValue=${encodeURIComponent(id.value)}`,
          ),
          schema: SubjectListingSchema,
          idempotent: true,
        });
        return listing.entities;
      });
      const taken = subjects.filter(
        (subject) =>
          trustedSearchTypes.has(searchType) || corroborated(identifiersOf(subject, provenance), identifiers),
      );
      // One person can be several subjects (a contact, a conversation's participant); two contacts or
      // users are two people.
      const people = new Set(
        taken.map((t) => t.externalContactId ?? t.userId).filter((p) => p !== undefined),
      );
      const link = people.size > 1 ? 'shared' : 'own';
      for (const subject of taken) found.push(tied(identifiersOf(subject, provenance), link));
    }
    return mergeIdentifiers(...found);
  }

  /**
   * Interactions through the analytics query, then each one read by id, its recordings and the known
   * contacts: the reads verification will make, so that a 404 of one of them later means "gone". A 404
   * here means the read cannot see what the query found: NotFoundError, the erasure needs attention.
   */
  async discover(
    identifiers: readonly ResolvedIdentifier[],
    context: CallContext = firstAttempt(this.now()),
  ): Promise<PlatformRecord[]> {
    const records: PlatformRecord[] = [];
    const found = await findInteractions(
      this.session,
      identifiers,
      () => this.window(),
      context.progress.scope('interactions'),
    );
    for (const { id: conversationId, leads } of found) {
      const read = await context.progress.step(`read:${conversationId}`, async () => ({
        active: (await this.reads.conversation(conversationId)).conversationEnd === undefined,
        recordings: (await this.reads.recordings(conversationId)).map((r) => r.id),
      }));
      // A recording is reached through its interaction, and so by the same identifiers.
      const led = leads.length > 0 ? { leads } : {};
      records.push({ kind: 'conversation', id: conversationId, active: read.active, ...led });
      for (const recordingId of read.recordings) {
        records.push({
          kind: 'recording',
          id: recordingRef(conversationId, recordingId),
          active: false,
          ...led,
        });
      }
    }
    for (const id of identifiers) {
      if (id.kind !== 'genesysExternalContactId') continue;
      const exists = await context.progress.step(
        `contact:${id.value}`,
        async () => (await this.reads.contactIfAny(id.value)) !== undefined,
      );
      if (exists)
        records.push({ kind: 'externalContact', id: id.value, active: false, leads: [identifierKey(id)] });
    }
    return records;
  }

  /**
   * Of these (discovered) records, those still blocked: interactions still going on. Genesys publishes
   * no hold field on recordings: one it keeps shows only as still present after its request completed,
   * which verification finds.
   */
  async stillBlocked(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const blocked: string[] = [];
    const reads = this.reads.batch();
    for (const r of records) {
      if (r.kind !== 'conversation') continue;
      const c = await reads.gone(() => this.reads.conversation(r.id));
      if (c && c.conversationEnd === undefined) blocked.push(r.id);
    }
    await reads.confirm();
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

  /** A request Lethe created that reads 404 is never "gone": NotFoundError, the erasure needs attention. */
  async status(requestId: string): Promise<RequestStatus> {
    const r = await this.session.call({
      operation: 'getGdprRequest',
      method: 'GET',
      url: this.session.url(`/api/v2/gdpr/requests/${encodeURIComponent(requestId)}`),
      schema: RequestSchema,
      idempotent: true,
    });
    return statusOf(r.status);
  }

  async verify(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]> {
    const present: string[] = [];
    const reads = this.reads.batch();
    for (const r of records) if (await this.holdsData(reads, r.kind, r.id)) present.push(r.id);
    await reads.confirm();
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
        idempotent: true,
      });
      const hit = listing.entities.find((r) => r.name === name);
      if (hit) return hit.id;
      // The platform may answer smaller pages than asked for: the page count, not the size, says when
      // the list ends (without one, an empty page does).
      const last =
        listing.pageCount !== undefined ? pageNumber >= listing.pageCount : listing.entities.length === 0;
      if (last) return undefined;
    }
    return undefined;
  }

  /** The analytics windows to search: the lookback up to a day ahead of now (clocks differ). */
  private window(): SearchWindow {
    return { end: this.now() + DAY, lookbackMs: this.lookbackMs, windowMs: this.windowMs };
  }

  /**
   * Whether a discovered record still shows the person. Each was read at discovery through the same
   * call, so a 404 now means it is gone, once the API base is seen to answer (`reads`).
   */
  private async holdsData(reads: GoneReads, kind: RecordKind, id: string): Promise<boolean> {
    const masked = [this.replacementTerm, `tel:${this.replacementTerm}`];
    switch (kind) {
      case 'conversation': {
        const c = await reads.gone(() => this.reads.conversation(id));
        return c !== undefined && customerData(c, this.mode, masked);
      }
      case 'recording': {
        const { conversationId, recordingId } = parseRecordingRef(id);
        const recordings = await reads.gone(() => this.reads.recordings(conversationId));
        return (recordings ?? []).some((r) => r.id === recordingId);
      }
      case 'externalContact': {
        const contact = await reads.gone(() => this.reads.contact(id));
        if (!contact) return false;
        if (this.mode === 'delete') return true;
        return contactValues(contact).some((v) => showsPersonalData(v, masked));
      }
      default:
        throw new RangeError(`Genesys Cloud has no ${kind} records`);
    }
  }
}
