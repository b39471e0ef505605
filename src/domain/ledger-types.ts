import type { RecordKind, RetainedData } from './platforms';
import type { FailedBatch, LostAnswer, PlatformFailure, RecordStatus, Verification } from './progress';
import type { Timing } from './timing';

/** The shapes a platform ledger keeps (see platform-ledger.ts). */

/** One record and where it stands. */
export interface TrackedRecord {
  readonly kind: RecordKind;
  readonly id: string;
  status: RecordStatus;
  /** When the record was first seen active; the maximum wait counts from here. */
  activeSince?: number;
  /** Why the platform holds it (status `held`). */
  heldReason?: string;
  /**
   * Held because the platform kept it after reporting its request done: it is re-checked by looking,
   * and once gone it is confirmed (not sent again).
   */
  keptAfterDone?: boolean;
}

/** One deletion request sent, with its verification schedule and results. */
export interface Submission {
  readonly requestId: string;
  readonly kind: RecordKind;
  readonly ids: string[];
  readonly submittedAt: number;
  readonly checkTimes: number[];
  /** Once the scheduled checks are spent (overdue), how often to check again. */
  readonly overdueRecheckMs: number;
  readonly verifications: Verification[];
  lastCheckAt?: number;
  closedAt?: number;
  /** Why it was closed early, e.g. withdrawn for a legal hold. */
  note?: string;
  /** Carried other erasures' ids too: it cannot be withdrawn for this one alone. */
  readonly shared: boolean;
  /** An earlier attempt's answer was lost: what was done about it. */
  readonly lostAnswer?: LostAnswer;
}

/** A ledger as plain data, carried across continue-as-new. */
export interface LedgerSnapshot {
  /** Ids by kind and status (each id once); `activeSince` only for records still active. */
  readonly records: Partial<Record<RecordKind, Partial<Record<RecordStatus, string[]>>>>;
  readonly activeSince: Record<string, number>;
  /** Reasons of the records the platform holds, by `kind:id`. */
  readonly heldReasons?: Record<string, string>;
  /** `kind:id` of the held records the platform kept after its request was done. */
  readonly keptAfterDone?: string[];
  readonly retained?: RetainedData[];
  readonly holdLog?: HoldLogEntry[];
  readonly failure?: PlatformFailure;
  readonly submissions: Submission[];
  readonly failed: FailedBatch[];
  readonly nextActiveCheckAt?: number;
  readonly quotaPausedUntil?: number;
}

/** A platform's own legal hold on one record: seen since, released at. */
export interface HoldLogEntry {
  readonly kind: RecordKind;
  readonly id: string;
  readonly reason: string;
  readonly since: number;
  releasedAt?: number;
  /** When the record was last seen still there. */
  lastSeenAt?: number;
}

/** The durations a ledger schedules with. */
export type LedgerTiming = Pick<Timing, 'verifyAfterMs' | 'overdueRecheckMs'>;

/** A platform's receipt for one deletion request. */
export interface Receipt {
  readonly requestId: string;
  readonly kind: RecordKind;
  readonly ids: readonly string[];
  readonly lostAnswer?: LostAnswer;
}
