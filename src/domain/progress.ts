import type { PlatformId, RecordKind } from './platforms';

/**
 * How one platform ended (DESIGN §11). `erased`: every discovered record verified gone. `erased_except_held`:
 * every other record verified gone, the held ones named with the platform's reason (kept by the
 * platform: not erased, and never claimed so). `incomplete`: anything else, with the reasons.
 */
export type PlatformVerdict = 'erased' | 'erased_except_held' | 'incomplete';

/**
 * One cause of an incomplete erasure, by platform or warehouse table. Counts and names only: no
 * identifier, and no platform message (it may quote one).
 */
export interface OutcomeReason {
  readonly scope: PlatformId | 'warehouse';
  /**
   * `failed`: work on the platform stopped (at `step`, error `type`). `still_present`: records verified
   * still there when the erasure ended (the hard stop). `still_active`: records that never closed.
   * `refused`: records in batches the platform refused. `unverified`: records sent or waiting but never
   * verified gone (the erasure ended first). `warehouse`: a table failed, kept matching rows, or its
   * freed space could not be reclaimed (`type: 'reclaim_failed'`). `unconfirmed`: records reached only
   * through identifiers the requester never gave, left waiting for an operator (issue 15).
   */
  readonly reason:
    | 'failed'
    | 'still_present'
    | 'still_active'
    | 'refused'
    | 'unverified'
    | 'warehouse'
    | 'unconfirmed';
  readonly records?: number;
  readonly step?: string;
  readonly type?: string;
  /** The warehouse table (`target:table`), for `warehouse`. */
  readonly table?: string;
}

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
  /** `found_done`: nothing was sent, since what the lost request carried already reads gone. */
  readonly action: 'reused' | 'sent_again' | 'found_done';
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
  /**
   * Set once every platform has confirmed its part (said DONE, nothing left to send), before Lethe has
   * verified everything gone: the first of the two phases a privacy tool upstream is told of.
   */
  readonly platformsConfirmed?: true;
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

/**
 * How an erasure ended (DESIGN §11). `completed`: every platform ended with every discovered record
 * verified gone or named as held by the platform with its reason, and every warehouse table clean.
 * `incomplete`: anything else, with the reasons. `cancelled`: by an operator or Temporal. `planned`: a
 * dry run, nothing deleted.
 */
export type ErasureOutcome = 'completed' | 'incomplete' | 'cancelled' | 'planned';

/** Why work on one platform stopped: a lasting error after its retries. */
export interface PlatformFailure {
  readonly at: string;
  readonly type: string;
  readonly message: string;
  /** The step that failed: resolving, discovering, submitting, checking or verifying. */
  readonly step: string;
}
