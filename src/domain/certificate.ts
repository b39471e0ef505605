import type { LinkedRequest } from './linked-requests';
import type { PlatformId, RecordKind, RetainedData } from './platforms';
import type {
  DeadlineStatus,
  DerivedMatchSummary,
  ErasureOutcome,
  HoldRecord,
  LostAnswer,
  OutcomeReason,
  PhaseChange,
  PlatformVerdict,
  Verification,
} from './progress';
import type { WarehouseCleanupPass } from './warehouse';

/** Format 2 adds the outcome `incomplete` with its reasons, and each system's verdict. */
export const CERTIFICATE_FORMAT = 'lethe.erasure-certificate/2';
/** Formats a certificate file may carry and still be verified (older ones stay verifiable). */
export const VERIFIABLE_FORMATS: readonly string[] = ['lethe.erasure-certificate/1', CERTIFICATE_FORMAT];

/**
 * A record as the certificate names it: its kind and a keyed digest of `platform:kind:id`. Whoever
 * holds the subject key can check that a given record is in it; nobody else learns the id (DESIGN §4:
 * no raw identifier anywhere in the certificate).
 */
export type RecordDigest = (platform: PlatformId, kind: RecordKind, id: string) => string;

export interface CertifiedRequest {
  readonly requestId: string;
  readonly kind: RecordKind;
  readonly records: number;
  readonly submittedAt: string;
  readonly closedAt?: string;
  readonly note?: string;
  readonly shared?: boolean;
  /** An earlier attempt's answer was lost: what Lethe did, and which requests could have been it. */
  readonly lostAnswer?: LostAnswer;
  readonly verifications: readonly Verification[];
}

/**
 * The records of one kind verified gone: how many, a keyed commitment to exactly that set (the digest
 * of `set:` and their sorted record digests), and the record digests themselves up to
 * `LISTED_RECORDS` (a subject with thousands of records keeps the certificate small; the commitment
 * still pins the set, and whoever holds the key and the ids can recompute it).
 */
export interface ErasedSet {
  readonly count: number;
  readonly set: string;
  readonly records?: string[];
}

/** Up to this many records of a kind are listed one by one. */
export const LISTED_RECORDS = 1000;

export interface CertifiedSystem {
  /** How the platform ended: erased, erased but for what it holds (named in `held`), or incomplete. */
  readonly verdict: PlatformVerdict;
  /** The records verified gone, by kind. */
  readonly erased: Partial<Record<RecordKind, ErasedSet>>;
  readonly erasedCount: number;
  readonly requests: readonly CertifiedRequest[];
  readonly stillPresent: ReadonlyArray<{ kind: RecordKind; record: string }>;
  readonly stillActive: ReadonlyArray<{ kind: RecordKind; record: string }>;
  /** Refused batches: how many records, the error type, when (the platform's words may quote values). */
  readonly failedBatches: ReadonlyArray<{ kind: RecordKind; records: number; errorType: string; at: string }>;
  readonly held: ReadonlyArray<{
    kind: RecordKind;
    record: string;
    reason: string;
    since: string;
    lastSeen?: string;
    releasedAt?: string;
  }>;
  readonly retained: readonly RetainedData[];
  readonly failure?: { readonly step: string; readonly type: string; readonly at: string };
}

/** What Lethe attests: everything an auditor needs, no identifier of the subject (DESIGN §4). */
export interface ErasureCertificate {
  readonly format: typeof CERTIFICATE_FORMAT;
  readonly requestId: string;
  readonly subjectRef: string;
  /** Who asked for the erasure, and on what ground, as the request states them (absent before). */
  readonly requestedBy?: string;
  readonly requestReason?: string;
  readonly outcome: ErasureOutcome;
  /** Why it is incomplete, by platform and warehouse table (counts and names only); empty when it is not. */
  readonly reasons: readonly OutcomeReason[];
  readonly receivedAt: string;
  readonly finishedAt: string;
  readonly issuedAt: string;
  readonly deadline: DeadlineStatus;
  readonly stoppedAtHardStop: boolean;
  readonly timeline: readonly PhaseChange[];
  /** How many identifiers the subject was known by, by where each came from (never the values). */
  readonly identifiers: Readonly<Record<string, number>>;
  readonly systems: Partial<Record<PlatformId, CertifiedSystem>>;
  readonly holds: readonly HoldRecord[];
  /** Warehouse copies deleted or redacted, per table and pass (rows counted, never shown). */
  readonly downstream: readonly WarehouseCleanupPass[];
  /** Other requests for the same subject that joined this erasure: this certificate covers them too. */
  readonly linkedRequests?: readonly LinkedRequest[];
  /**
   * Records reached only through identifiers the requester never gave (issue 15): per group, how they
   * were reached (identifier kinds and platforms), how many of each kind, whether the policy erased them
   * with the rest, and who confirmed or excluded them. Absent when there were none.
   */
  readonly derivedMatches?: readonly DerivedMatchSummary[];
  readonly cancellation?: {
    readonly by: string;
    readonly reason: string;
    readonly at: string;
    readonly via: string;
    readonly submitted: ReadonlyArray<{
      platform: PlatformId;
      requestId: string;
      kind: RecordKind;
      records: number;
      withdrawn: boolean;
      note?: string;
    }>;
  };
}

/**
 * A certificate with its Ed25519 signature over the certificate's canonical JSON (RFC 8785), and the
 * same signature as a detached JWS (RFC 7515, EdDSA): `<protected header>..<signature>`, whose payload is
 * that canonical JSON, base64url-encoded. Any JOSE library verifies the JWS (README, "Proof"); older
 * certificates carry only `value`.
 */
export interface SignedCertificate {
  readonly certificate: ErasureCertificate;
  readonly signature: {
    readonly alg: 'Ed25519';
    readonly keyId: string;
    readonly value: string;
    readonly jws?: string;
  };
}
