import type { PlatformId, RecordKind } from './platforms';

/** The phases of an erasure, in the order DESIGN.md §2 lists them. */
export const phases = [
  'resolving',
  'discovering',
  'waiting_for_active',
  'submitting',
  'awaiting_platform',
  'completed',
  'cancelled',
  'failed',
] as const;
export type Phase = (typeof phases)[number];

/** Where one record stands. `remaining`: still present after the last scheduled check. */
export type RecordStatus =
  | 'active'
  | 'ready'
  | 'submitted'
  | 'confirmed'
  | 'failed'
  | 'still_active'
  | 'remaining';

/** The platform's view of one deletion request, as last read. */
export type RequestStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'DONE' | 'CANCELED' | 'UNKNOWN';

/** One re-verification of a submission: what the platform said and what was still there. */
export interface Verification {
  readonly at: string;
  readonly requestStatus: RequestStatus;
  readonly present: number;
  readonly confirmed: number;
}

/** One deletion request sent to a platform, and every verification of it. */
export interface SubmissionSummary {
  readonly requestId: string;
  readonly kind: RecordKind;
  readonly ids: readonly string[];
  readonly submittedAt: string;
  readonly verifications: readonly Verification[];
  /** Set once the request is settled: all confirmed, re-submitted, or out of checks. */
  readonly closedAt?: string;
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
  readonly submitted: number;
  readonly confirmed: number;
  readonly remaining: number;
  readonly failed: number;
}

/** The `progress` query's answer: a snapshot, never a live object. */
export interface ErasureProgress {
  readonly requestId: string;
  readonly subjectRef: string;
  readonly phase: Phase;
  readonly timeline: readonly PhaseChange[];
  readonly platforms: Partial<Record<PlatformId, PlatformCounts>>;
  readonly nextCheckAt?: string;
  readonly lastError?: LastError;
  readonly cancellation?: CancellationRecord;
}

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
  readonly erased: Partial<Record<RecordKind, string[]>>;
  readonly requests: readonly SubmissionSummary[];
  /** Records still present after the last scheduled verification. */
  readonly stillPresent: ReadonlyArray<{ kind: RecordKind; id: string }>;
  /** Records that stayed active past the maximum wait and were never submitted. */
  readonly stillActive: ReadonlyArray<{ kind: RecordKind; id: string }>;
  readonly failedBatches: readonly FailedBatch[];
}

/** What the erasure workflow returns. */
export interface ErasureResult {
  readonly requestId: string;
  readonly subjectRef: string;
  readonly outcome: 'completed' | 'cancelled';
  readonly receivedAt: string;
  readonly finishedAt: string;
  readonly timeline: readonly PhaseChange[];
  readonly platforms: Partial<Record<PlatformId, PlatformResult>>;
  readonly cancellation?: CancellationRecord;
}
