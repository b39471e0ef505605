import type { ResolvedIdentifier } from '../domain/identifiers';
import type { PlannedBatch } from '../domain/planner';
import type {
  PlatformId,
  PlatformLimits,
  PlatformRecord,
  RecordKind,
  RetainedData,
} from '../domain/platforms';
import type { RequestStatus } from '../domain/progress';

/** The platform's acknowledgement of one deletion request. */
export interface SubmissionReceipt {
  readonly requestId: string;
  readonly kind: RecordKind;
  readonly ids: readonly string[];
}

/** The outcome of asking a platform to withdraw a request. */
export interface CancelOutcome {
  readonly withdrawn: boolean;
  /** Why not, when not (e.g. the grace period is over). */
  readonly note?: string;
}

/**
 * One platform, behind the interface every connector keeps (DESIGN §3). Methods throw the classes in
 * `./errors`; responses are validated, so a malformed one is a `ProtocolError`, never a crash.
 */
export interface Connector {
  readonly platform: PlatformId;
  readonly limits: PlatformLimits;
  /** What the platform keeps after an erasure, by design or by law, and why (from its documentation or configuration). */
  readonly retained: readonly RetainedData[];
  /** Expands the subject's identifiers with every platform id found through them. */
  resolve(identifiers: readonly ResolvedIdentifier[]): Promise<ResolvedIdentifier[]>;
  /**
   * Lists every deletable record the identifiers lead to, each with whether it is still active and
   * whether the platform holds it under a legal hold of its own.
   */
  discover(identifiers: readonly ResolvedIdentifier[]): Promise<PlatformRecord[]>;
  /** Of these records, the ids that still cannot be deleted: open, or held by the platform. */
  stillBlocked(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]>;
  /**
   * Sends one planned batch as one deletion request. `idempotencyKey` is the same on every retry of the
   * same submission: a request the platform already created for it is reused, never duplicated.
   * `subject`: the person's identifiers, for platforms whose requests name the person rather than
   * record ids (`limits.requestScope === 'subject'`); empty for the others.
   */
  submit(
    batch: PlannedBatch,
    idempotencyKey: string,
    subject: readonly ResolvedIdentifier[],
  ): Promise<SubmissionReceipt>;
  /** The platform's status of a request. */
  status(requestId: string): Promise<RequestStatus>;
  /** Of these records, the ids whose personal data is still visible. */
  verify(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]>;
  /** Withdraws a request where the platform still allows it. */
  cancel(requestId: string): Promise<CancelOutcome>;
}
