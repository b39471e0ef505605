import { randomBytes, randomUUID } from 'node:crypto';
import { type RequestType, resolvesProfile, type StatusReport } from './contract';
import type { ForgeryKind } from './signing';

const DAY_MS = 86_400_000;

/** One webhook sent to Lethe and its answer (status 0: no answer, the connection failed). */
export interface Delivery {
  readonly at: number;
  readonly status: number;
  readonly body: string;
  /** Why there was no answer (status 0 only). */
  readonly error?: string;
}

/** An accepted report, with the simulator time it arrived at (epoch ms). */
export type RecordedReport = StatusReport & { readonly at: number };

/** One identifier of a request: Transcend's "profile", with its own webhook and nonce. */
export interface Profile {
  readonly index: number;
  readonly nonce: string;
  readonly identifierType: string;
  readonly identifier: string;
  readonly reports: RecordedReport[];
  /** Accepted reports identical to the one before them (a retry, or a client repeating itself). */
  duplicates: number;
  /** When a report first resolved it; resolution is never undone. */
  resolvedAt?: number;
  readonly deliveries: Delivery[];
}

/** A privacy request as the silo sees it. */
export interface PrivacyRequest {
  readonly id: string;
  readonly type: RequestType;
  /** What every token of the request vouches for (`coreIdentifier.value`). */
  readonly coreIdentifier: string;
  readonly createdAt: number;
  readonly attributes: ReadonlyArray<{ key: string; values: string[] }>;
  readonly profiles: Profile[];
  revokedAt?: number;
  /** When its last profile was resolved. */
  completedAt?: number;
  readonly forgedDeliveries: Array<Delivery & { readonly kind: ForgeryKind; readonly nonce: string }>;
}

export type RequestState = 'open' | 'completed' | 'revoked';

export interface NewRequest {
  readonly id?: string;
  readonly type: RequestType;
  readonly coreIdentifier?: string;
  readonly identifiers: ReadonlyArray<{ type: string; value: string }>;
  readonly attributes: ReadonlyArray<{ key: string; values: string[] }>;
}

/** An item of `GET /v1/data-silo/{id}/pending-requests/{type}` (fields as `transcend-io/cli` decodes them). */
export interface PendingItem {
  readonly identifier: string;
  readonly type: string;
  readonly coreIdentifier: string;
  readonly dataSiloId: string;
  readonly requestId: string;
  readonly nonce: string;
  readonly daysUntilOverdue: number;
  readonly attributes: ReadonlyArray<{ key: string; values: string[] }>;
}

/** The silo's privacy requests, their profiles by nonce, and every report accepted for them. */
export class TranscendStore {
  private readonly requests = new Map<string, PrivacyRequest>();
  private readonly byNonce = new Map<string, { request: PrivacyRequest; profile: Profile }>();
  /** Nonces only forged webhooks carried: Transcend never issued them. */
  private readonly forgedNonces = new Set<string>();

  get(id: string): PrivacyRequest | undefined {
    return this.requests.get(id);
  }

  create(input: NewRequest, now: number): PrivacyRequest {
    const first = input.identifiers[0];
    const request: PrivacyRequest = {
      id: input.id ?? randomUUID(),
      type: input.type,
      coreIdentifier: input.coreIdentifier ?? first?.value ?? '',
      createdAt: now,
      attributes: input.attributes,
      profiles: input.identifiers.map((identifier, index) => ({
        index,
        nonce: newNonce(),
        identifierType: identifier.type,
        identifier: identifier.value,
        reports: [],
        duplicates: 0,
        deliveries: [],
      })),
      forgedDeliveries: [],
    };
    this.requests.set(request.id, request);
    for (const profile of request.profiles) this.byNonce.set(profile.nonce, { request, profile });
    return request;
  }

  /** The request and profile a nonce was issued for. */
  profileOf(nonce: string): { request: PrivacyRequest; profile: Profile } | undefined {
    return this.byNonce.get(nonce);
  }

  /** A nonce for a forged webhook, never valid for a report. */
  forgedNonce(): string {
    const nonce = newNonce();
    this.forgedNonces.add(nonce);
    return nonce;
  }

  isForged(nonce: string): boolean {
    return this.forgedNonces.has(nonce);
  }

  /** Records an accepted report; the request completes when its last open profile is resolved. */
  record(request: PrivacyRequest, profile: Profile, report: StatusReport, now: number): void {
    const previous = profile.reports.at(-1);
    if (previous && sameReport(previous, report)) profile.duplicates += 1;
    profile.reports.push({ ...report, at: now });
    if (profile.resolvedAt === undefined && resolvesProfile(report)) profile.resolvedAt = now;
    if (request.completedAt === undefined && request.profiles.every((p) => p.resolvedAt !== undefined))
      request.completedAt = now;
  }

  /** Profiles of open requests of `type` not resolved yet, oldest request first. */
  pending(type: RequestType, dataSiloId: string, now: number, deadlineDays: number): PendingItem[] {
    const items: PendingItem[] = [];
    for (const request of this.requests.values()) {
      if (request.type !== type || stateOf(request) !== 'open') continue;
      const dueAt = request.createdAt + deadlineDays * DAY_MS;
      for (const profile of request.profiles) {
        if (profile.resolvedAt !== undefined) continue;
        items.push({
          identifier: profile.identifier,
          type: profile.identifierType,
          coreIdentifier: request.coreIdentifier,
          dataSiloId,
          requestId: request.id,
          nonce: profile.nonce,
          daysUntilOverdue: Math.ceil((dueAt - now) / DAY_MS),
          attributes: request.attributes,
        });
      }
    }
    return items;
  }

  reset(): void {
    this.requests.clear();
    this.byNonce.clear();
    this.forgedNonces.clear();
  }
}

/** A request is open until revoked (admin) or completed (its last profile resolved); never both. */
export function stateOf(request: PrivacyRequest): RequestState {
  if (request.revokedAt !== undefined) return 'revoked';
  return request.completedAt !== undefined ? 'completed' : 'open';
}

// Real nonces are opaque tokens; 32 random bytes make one no client can guess.
const newNonce = (): string => randomBytes(32).toString('base64url');

function sameReport(a: StatusReport, b: StatusReport): boolean {
  return (
    a.status === b.status &&
    a.profileStatus === b.profileStatus &&
    a.pollId === b.pollId &&
    a.message === b.message &&
    JSON.stringify(a.profiles) === JSON.stringify(b.profiles)
  );
}
