// What an erasure returns when it ends, and a dry run's plan: the result the certificate is made from.
import type { SignedCertificate } from './certificate';
import type { ResolvedIdentifier } from './identifiers';
import type { LinkedRequest } from './linked-requests';
import type { PlatformId, RecordKind, RetainedData } from './platforms';
import type {
  CancellationRecord,
  DeadlineStatus,
  DerivedMatchSummary,
  ErasureOutcome,
  FailedBatch,
  HoldRecord,
  OutcomeReason,
  PhaseChange,
  PlatformFailure,
  PlatformVerdict,
  SubmissionSummary,
} from './progress';
import type { WarehouseCleanupPass } from './warehouse';

/** Per platform: what was erased, by which requests, verified when, and what is left. */
export interface PlatformResult {
  /** How the platform ended: erased, erased but for what it holds, or incomplete (see the result's reasons). */
  readonly verdict: PlatformVerdict;
  readonly erased: Partial<Record<RecordKind, string[]>>;
  readonly requests: readonly SubmissionSummary[];
  /**
   * Records found and not erased: still there at the last check, never verified gone when the erasure
   * stopped (hard stop, cancel, a failed platform), or in a request the platform refused.
   */
  readonly stillPresent: ReadonlyArray<{ kind: RecordKind; id: string }>;
  /** Records that stayed active past the maximum wait and were never submitted. */
  readonly stillActive: ReadonlyArray<{ kind: RecordKind; id: string }>;
  readonly failedBatches: readonly FailedBatch[];
  /**
   * Records the platform kept under a legal hold of its own: why, since when, and when it let them go
   * (then they were sent); without `releasedAt` the record was still held at the end, and not erased.
   */
  readonly held: readonly PlatformHold[];
  /** What the platform keeps after erasure by design or by law, and why. */
  readonly retained: readonly RetainedData[];
  /** Set when the platform could not be worked on at all (the other platforms went on). */
  readonly failure?: PlatformFailure;
}

/** A legal hold the platform itself kept on one record. */
export interface PlatformHold {
  readonly kind: RecordKind;
  readonly id: string;
  readonly reason: string;
  readonly since: string;
  /** When it was last seen still there (re-checked daily). */
  readonly lastSeen?: string;
  /** When it was gone (verified by looking) or let go; absent: still held at the end, not erased. */
  readonly releasedAt?: string;
}

/** What the erasure workflow returns. */
export interface ErasureResult {
  readonly requestId: string;
  readonly subjectRef: string;
  /** Who asked for the erasure, and on what ground, as the request states them. */
  readonly requestedBy?: string;
  readonly reason?: string;
  /** `planned`: a dry run; nothing was deleted. `incomplete`: see `reasons`. */
  readonly outcome: ErasureOutcome;
  /** Why the erasure is not complete, by platform and warehouse table; empty when it is. */
  readonly reasons: readonly OutcomeReason[];
  readonly receivedAt: string;
  readonly finishedAt: string;
  readonly timeline: readonly PhaseChange[];
  readonly platforms: Partial<Record<PlatformId, PlatformResult>>;
  /** Every identifier of the subject with where it came from. */
  readonly identifiers: readonly ResolvedIdentifier[];
  readonly deadline: DeadlineStatus;
  /** True when the hard stop ended the erasure with data still present. */
  readonly stoppedAtHardStop: boolean;
  readonly holds: readonly HoldRecord[];
  readonly cancellation?: CancellationRecord;
  /** The dry run's plan. */
  readonly plan?: ErasurePlan;
  /** Other requests for the same subject that joined this erasure. */
  readonly linkedRequests?: readonly LinkedRequest[];
  /** The signed proof (absent for a dry run). */
  readonly certificate?: SignedCertificate;
  /** Every attempt to announce the end to downstream subscribers (signed webhook). */
  readonly deliveries?: readonly DeliveryRecord[];
  /** Warehouse clean-up: after the platforms confirmed, and again at the end of the late-copy window. */
  readonly downstream: readonly WarehouseCleanupPass[];
  /** Records reached only through identifiers the requester never gave, and what became of them. */
  readonly derivedMatches?: readonly DerivedMatchSummary[];
}

/** What subscribers are told when an erasure ends: no identifier, the certificate by its digest. */
export interface CompletionEvent {
  readonly type: 'lethe.erasure.completed' | 'lethe.erasure.incomplete' | 'lethe.erasure.cancelled';
  readonly requestId: string;
  /** The HMAC of the subject key, as in the workflow id and the certificate. */
  readonly subjectRef: string;
  readonly outcome: ErasureResult['outcome'];
  readonly systems: readonly PlatformId[];
  readonly certificateDigest: string;
  readonly finishedAt: string;
}

/** One attempt to deliver the completion event to one subscriber. */
export interface DeliveryRecord {
  readonly subscriber: string;
  readonly at: string;
  readonly delivered: boolean;
  readonly status?: number;
  readonly error?: string;
}

/** A dry run's plan: what would be deleted, in how many requests, when, against which quota. */
export interface ErasurePlan {
  readonly platforms: Partial<
    Record<
      PlatformId,
      {
        readonly requests: ReadonlyArray<{ kind: RecordKind; ids: readonly string[] }>;
        /** Records still open: they would be sent once they close. */
        readonly waitingForClose: ReadonlyArray<{ kind: RecordKind; id: string }>;
        /** Records the platform holds: they would be sent once it releases them. */
        readonly held: ReadonlyArray<{ kind: RecordKind; id: string; reason: string }>;
        readonly monthlyRequestQuota?: number;
        /** The verification times the first requests would get, if sent now. */
        readonly verifyAt: readonly string[];
      }
    >
  >;
}
