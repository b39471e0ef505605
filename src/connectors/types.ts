import type { ResolvedIdentifier } from '../domain/identifiers';
import type { PlannedBatch } from '../domain/planner';
import type {
  PlatformId,
  PlatformLimits,
  PlatformRecord,
  RecordKind,
  RetainedData,
} from '../domain/platforms';
import type { LostAnswer, RequestStatus } from '../domain/progress';
import type { CallContext } from './call-context';

/** The platform's acknowledgement of one deletion request. */
export interface SubmissionReceipt {
  readonly requestId: string;
  readonly kind: RecordKind;
  readonly ids: readonly string[];
  /** Set when an earlier attempt's answer was lost: what was done about it (the evidence names it). */
  readonly lostAnswer?: LostAnswer;
}

/** What a submission knows beyond its attempt: the requests already known, and who else may be sending. */
export interface SubmitContext extends CallContext {
  /** Requests of this account Lethe already holds a receipt for (so they cannot be the lost one). */
  readonly knownRequestIds?: readonly string[];
  /**
   * Whether this sender is the only one creating requests on the account (the quota governor sends one
   * at a time): then a single request created since the first attempt can only be the lost one.
   */
  readonly exclusiveSender?: boolean;
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
  /**
   * Expands the subject's identifiers with every platform id found through them. `context`: the
   * activity attempt, whose progress a long search saves and resumes.
   */
  resolve(identifiers: readonly ResolvedIdentifier[], context?: CallContext): Promise<ResolvedIdentifier[]>;
  /**
   * Lists every deletable record the identifiers lead to, each with whether it is still active. Every
   * record is read here the way verification will read it, so a later 404 of that read means "gone".
   */
  discover(identifiers: readonly ResolvedIdentifier[], context?: CallContext): Promise<PlatformRecord[]>;
  /** Of these records, the ids that still cannot be deleted: open, or held by the platform. */
  stillBlocked(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]>;
  /**
   * Sends one planned batch as one deletion request. `idempotencyKey` is the same on every retry of the
   * same submission: a request the platform already created for it is reused, never duplicated.
   * `subject`: the person's identifiers, for platforms whose requests name the person rather than
   * record ids (`limits.requestScope === 'subject'`); empty for the others. `context`: the attempt (a
   * later one may follow a create whose answer was lost).
   */
  submit(
    batch: PlannedBatch,
    idempotencyKey: string,
    subject: readonly ResolvedIdentifier[],
    context?: SubmitContext,
  ): Promise<SubmissionReceipt>;
  /** The platform's status of a request. */
  status(requestId: string): Promise<RequestStatus>;
  /** Of these records (all discovered), the ids whose personal data is still visible. */
  verify(records: ReadonlyArray<{ kind: RecordKind; id: string }>): Promise<string[]>;
  /** Withdraws a request where the platform still allows it. */
  cancel(requestId: string): Promise<CancelOutcome>;
}
