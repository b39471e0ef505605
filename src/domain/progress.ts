import type { SignedCertificate } from './certificate';
import type { ResolvedIdentifier } from './identifiers';
import type { LinkedRequest } from './linked-requests';
import type { PlatformId, RecordKind, RetainedData } from './platforms';
import type { OutcomeReason, PlatformVerdict } from './verdict';
import type { TableCleanup } from './warehouse';

export type { OutcomeReason, PlatformVerdict };

/** The phases of an erasure, in the order DESIGN.md §2 lists them. */
export const phases = [
  'resolving',
  'discovering',
  'on_hold',
  'waiting_for_active',
  'submitting',
  'awaiting_platform',
  'overdue',
  'awaiting_confirmation',
  'cleaning_downstream',
  'planned',
  'completed',
  'incomplete',
  'cancelled',
  'failed',
] as const;
export type Phase = (typeof phases)[number];

/**
 * Where one record stands. `remaining`: still present after the last scheduled check. `held`: the
 * platform keeps it under a legal hold of its own; it is re-checked and sent once the hold ends.
 */
export type RecordStatus =
  | 'active'
  | 'held'
  | 'ready'
  | 'queued'
  | 'submitted'
  | 'confirmed'
  | 'failed'
  | 'still_active'
  | 'remaining';

/**
 * The platform's view of one deletion request, as last read. `FAILED`: the platform ended it without
 * finishing (Genesys ERROR, e.g. a partial completion around an open interaction). `UNKNOWN`: the
 * platform has no status to read (the chatbot); only looking tells.
 */
export type RequestStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'DONE' | 'CANCELED' | 'FAILED' | 'UNKNOWN';

/**
 * A create whose answer was lost (a timeout, a crash) may or may not have reached the platform. What
 * Lethe did about it, and which requests could be the lost one: `reused` the only request created on
 * the account since the first attempt, or `sent_again` when the platform's documented fields could not
 * tell (the safe action: a request sent twice deletes the same records twice; one never sent deletes
 * nothing).
 */
export interface LostAnswer {
  readonly action: 'reused' | 'sent_again';
  readonly candidates: readonly string[];
  readonly note: string;
}

/** One re-verification of a submission: what the platform said and what was still there. */
export interface Verification {
  readonly at: string;
  readonly requestStatus: RequestStatus;
  readonly present: number;
  readonly confirmed: number;
}

export const LISTED_REQUEST_IDS = 1000;

/** One deletion request sent to a platform, and every verification of it. */
export interface SubmissionSummary {
  readonly requestId: string;
  readonly kind: RecordKind;
  /** How many records the request carried. */
  readonly records: number;
  /**
   * Their ids, when the platform's requests carried at most `LISTED_REQUEST_IDS` in all: `erased`
   * already names every record, and a subject with thousands must keep its result small.
   */
  readonly ids?: readonly string[];
  readonly submittedAt: string;
  readonly verifications: readonly Verification[];
  /** Set once the request is settled: all confirmed, re-submitted, withdrawn, or at the hard stop. */
  readonly closedAt?: string;
  /** Why it closed early, e.g. withdrawn for a legal hold. */
  readonly note?: string;
  /** The request also carried other erasures' ids (packed by the quota governor). */
  readonly shared?: boolean;
  /** An earlier attempt's answer was lost: what was done about it. */
  readonly lostAnswer?: LostAnswer;
}

/** A batch the platform refused; its ids are not dropped but reported. */
export interface FailedBatch {
  readonly kind: RecordKind;
  readonly ids: readonly string[];
  readonly errorType: string;
  readonly message: string;
  readonly at: string;
}

/** The last error the erasure met, for operators. Carries no personal data beyond the platform's message. */
export interface LastError {
  readonly at: string;
  readonly platform: PlatformId;
  readonly type: string;
  readonly message: string;
}

/** Record counts for one platform. `remaining` = discovered − confirmed. */
export interface PlatformCounts {
  readonly discovered: number;
  readonly active: number;
  /** Kept by the platform under a legal hold of its own. */
  readonly held: number;
  /** Handed to the account's quota governor, waiting to be packed into a request. */
  readonly queued: number;
  readonly submitted: number;
  readonly confirmed: number;
  readonly remaining: number;
  readonly failed: number;
}

/** A legal hold: who placed it and why, when it ended, and what it withdrew at the platforms. */
export interface HoldRecord {
  readonly by: string;
  readonly reason: string;
  readonly placedAt: string;
  readonly releasedAt?: string;
  readonly releasedBy?: string;
  readonly releaseReason?: string;
  /** Requests withdrawn at the platform when the hold was placed (their ids are sent again after release). */
  readonly withdrawn: ReadonlyArray<{ platform: PlatformId; requestId: string }>;
  /** Requests already final when the hold was placed: the platform deletes them regardless. */
  readonly notWithdrawable: ReadonlyArray<{ platform: PlatformId; requestId: string; note?: string }>;
}

/** A platform refused the credentials: nothing moves on it until an operator retries or the slow timer fires. */
export interface AttentionRecord {
  readonly platform: PlatformId;
  readonly type: string;
  readonly message: string;
  readonly since: string;
}

/** The deadline and whether the plan meets it if the platforms keep their window. */
export interface DeadlineStatus {
  readonly deadline: string;
  /** Absent while overdue: no honest estimate exists then. */
  readonly expectedCompletion?: string;
  readonly meetsDeadline: boolean;
}

/** The `progress` query's answer: a snapshot, never a live object. */
export interface ErasureProgress {
  readonly requestId: string;
  readonly subjectRef: string;
  readonly phase: Phase;
  readonly timeline: readonly PhaseChange[];
  readonly platforms: Partial<Record<PlatformId, PlatformCounts>>;
  readonly deadline: DeadlineStatus;
  readonly overdue: boolean;
  /** Identifiers known for the subject, by provenance (`request`, `liveperson:email`, …). */
  readonly identifiers: Readonly<Record<string, number>>;
  readonly holds: readonly HoldRecord[];
  readonly needsAttention?: AttentionRecord;
  /** Per platform, when a spent period quota resets. */
  readonly quotaWaits: Partial<Record<PlatformId, string>>;
  /** Platforms whose work stopped for good, with the step and the error (the others go on). */
  readonly failedPlatforms: Partial<Record<PlatformId, PlatformFailure>>;
  readonly nextCheckAt?: string;
  readonly lastError?: LastError;
  readonly cancellation?: CancellationRecord;
  /** Once ended: how (as the result will say), and why it is incomplete when it is. */
  readonly outcome?: ErasureOutcome;
  readonly reasons?: readonly OutcomeReason[];
  /** Records reached only through identifiers the requester never gave, and where they stand. */
  readonly derivedMatches?: readonly DerivedMatchSummary[];
}

/**
 * Records one identifier the requester never gave reached on one platform (issue 15): how, as a chain
 * of identifier kinds and platforms (never a value), whether the policy erases them with the rest or
 * an operator must confirm them first, and what an operator decided.
 */
export interface DerivedMatchSummary {
  readonly ref: string;
  readonly platform: PlatformId;
  readonly chain: string;
  readonly reach: 'auto' | 'confirm';
  readonly records: Partial<Record<RecordKind, number>>;
  readonly decision?: {
    readonly confirmed: boolean;
    readonly by: string;
    readonly reason?: string;
    readonly at: string;
  };
}

/**
 * How an erasure ended (DESIGN §11). `completed`: every platform ended with every discovered record
 * verified gone or named as held by the platform with its reason, and every warehouse table clean.
 * `incomplete`: anything else, with the reasons. `cancelled`: by an operator or Temporal. `planned`: a
 * dry run, nothing deleted.
 */
export type ErasureOutcome = 'completed' | 'incomplete' | 'cancelled' | 'planned';

export interface PhaseChange {
  readonly phase: Phase;
  readonly at: string;
}

/** Who asked to stop, why, when, and what had already been sent to the platforms. */
export interface CancellationRecord {
  readonly by: string;
  readonly reason: string;
  readonly at: string;
  /** `signal`: the operator's cancel signal; `temporal`: Temporal's own cancellation. */
  readonly via: 'signal' | 'temporal';
  readonly submitted: ReadonlyArray<{
    readonly platform: PlatformId;
    readonly requestId: string;
    readonly kind: RecordKind;
    readonly ids: readonly string[];
    /** Whether the request was withdrawn at the platform (only possible during its grace period). */
    readonly withdrawn: boolean;
    readonly note?: string;
  }>;
}

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

/** Why work on one platform stopped: a lasting error after its retries. */
export interface PlatformFailure {
  readonly at: string;
  readonly type: string;
  readonly message: string;
  /** The step that failed: resolving, discovering, submitting, checking or verifying. */
  readonly step: string;
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
  readonly downstream: readonly DownstreamPass[];
  /** Records reached only through identifiers the requester never gave, and what became of them. */
  readonly derivedMatches?: readonly DerivedMatchSummary[];
}

/** One clean-up of every configured warehouse table. */
export interface DownstreamPass {
  readonly pass: 'after_platforms' | 'late_copies';
  readonly at: string;
  readonly tables: readonly TableCleanup[];
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
