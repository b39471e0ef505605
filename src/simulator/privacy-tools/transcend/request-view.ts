import type { RequestType } from './contract';
import type { ForgeryKind } from './signing';
import { type Delivery, type PrivacyRequest, type RecordedReport, type RequestState, stateOf } from './store';

/** One profile of a request as the admin API shows it. */
export interface ProfileView {
  readonly index: number;
  readonly nonce: string;
  readonly identifierType: string;
  readonly identifier: string;
  /** Every accepted report, in arrival order (a repeat is recorded again). */
  readonly reports: readonly RecordedReport[];
  /** How many of `reports` repeat the report just before them. */
  readonly duplicates: number;
  readonly resolved: boolean;
  readonly resolvedAt: number | null;
  readonly deliveries: readonly Delivery[];
}

/** A request as the admin API shows it (times in epoch ms on the simulator's clock). */
export interface RequestView {
  readonly id: string;
  readonly type: RequestType;
  readonly coreIdentifier: string;
  readonly createdAt: number;
  readonly state: RequestState;
  readonly revokedAt: number | null;
  readonly completedAt: number | null;
  readonly profiles: readonly ProfileView[];
  readonly forgedDeliveries: ReadonlyArray<Delivery & { readonly kind: ForgeryKind; readonly nonce: string }>;
}

/** The admin API's view of a request (copies nothing: it is serialised at once). */
export function requestView(request: PrivacyRequest): RequestView {
  return {
    id: request.id,
    type: request.type,
    coreIdentifier: request.coreIdentifier,
    createdAt: request.createdAt,
    state: stateOf(request),
    revokedAt: request.revokedAt ?? null,
    completedAt: request.completedAt ?? null,
    profiles: request.profiles.map((p) => ({
      index: p.index,
      nonce: p.nonce,
      identifierType: p.identifierType,
      identifier: p.identifier,
      reports: p.reports,
      duplicates: p.duplicates,
      resolved: p.resolvedAt !== undefined,
      resolvedAt: p.resolvedAt ?? null,
      deliveries: p.deliveries,
    })),
    forgedDeliveries: request.forgedDeliveries,
  };
}
