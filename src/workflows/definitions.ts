import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Identifier } from '../domain/identifiers';
import type { PlatformId, RecordKind } from '../domain/platforms';
import type { ErasureProgress, LostAnswer } from '../domain/progress';
import type { GovernorInput } from '../domain/request';

/**
 * Workflow patch: a monthly quota the platform calls spent in the first hours of a UTC month is tried
 * again once the month has begun in every time zone, not a month later (its month's time zone is not
 * documented).
 */
export const EARLY_MONTH_RETRY = 'quota-early-month-retry';

/**
 * Workflow patch: a record of a kind the platform may keep (a Genesys recording) still there after its
 * request is DONE is held and re-checked by looking, no longer sent again.
 */
export const KEPT_AFTER_DONE = 'kept-after-done';

/**
 * Workflow patch: an erasure that stops (cancel, hard stop) asks its governors for its queued ids back
 * and waits for their answer, so every request that carried its ids is in its evidence; a governor
 * answers a failed request's owners instead of failing.
 */
export const CLEAN_STOP = 'clean-stop';

/**
 * Workflow patch: an erasure's input is held to tighter bounds (email length, unique systems, dates,
 * no control characters). An input refused by them is refused only in runs started since.
 */
export const STRICT_INPUT = 'strict-input';

/**
 * Workflow patch: the governor continues as new on its own count of signals (well before the server's
 * per-run limit), checks for it between sends, and answers a request's owners all at once.
 */
export const GOVERNOR_LIMITS = 'governor-own-limits';

/** Workflow patch: an erasure hands its governor every kind in one message, not one per kind. */
export const ENQUEUE_TOGETHER = 'enqueue-together';

/**
 * Workflow patch: an erasure's verifications are shifted by a fixed share of an hour from its workflow
 * id, and a governor's flush window by a share of its tick (src/domain/wake-spread.ts), so subjects
 * answered in the same second do not all wake in the same second.
 */
export const SPREAD_WAKEUPS = 'spread-wakeups';

/**
 * Workflow patch: ids handed to a governor become `queued` only if still `ready`; a receipt that came
 * before the hand-over's activity completed (a retried activity, a governor sending at once) stands.
 */
export const RECEIPT_BEFORE_QUEUED = 'receipt-before-queued';

/**
 * Workflow patch: a governor tells a request's owners through one activity, not one signal command
 * each (issue 14: hundreds of signal resolutions kept its workflow tasks busy and its query waiting).
 */
export const ANSWERS_BY_ACTIVITY = 'answers-by-activity';

/**
 * Workflow patch: identity expansion under the policy (issue 15). Derived identifiers are searched as
 * the policy allows; records reached only through them are erased, or wait for an operator, as it says;
 * platforms and warehouses are sent only the identifiers whose matches stand.
 */
export const EXPANSION_POLICY = 'expansion-policy';

/** Signals a governor run takes before it continues as new, unless its input says otherwise. */
export const DEFAULT_SIGNALS_PER_RUN = 2_000;

/** The task queue erasure workers poll unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'lethe-erasure';

const GOVERNOR_QUEUE_SUFFIX = '-governors';

/**
 * The task queue of the governors of erasures on `erasureQueue`: their own, polled by a worker of their
 * own in every worker process, so a governor's tasks (and its sends) never wait behind thousands of
 * erasure tasks. Idempotent: a governor's own queue maps to itself.
 */
export const governorTaskQueue = (erasureQueue: string): string =>
  erasureQueue.endsWith(GOVERNOR_QUEUE_SUFFIX) ? erasureQueue : `${erasureQueue}${GOVERNOR_QUEUE_SUFFIX}`;

/** Workflow id of the erasure of the subject whose keyed hash is `subjectRef`. */
export const erasureWorkflowId = (subjectRef: string): string => `erasure-${subjectRef}`;

/** Who asks to stop an erasure, and why: both go into the evidence. */
export interface CancelInput {
  readonly by: string;
  readonly reason: string;
}

/** Stops the erasure; requests still in their grace period are withdrawn at the platform. */
export const cancelSignal = defineSignal<[CancelInput]>('cancel');

/** Places (`on: true`) or releases (`on: false`) a legal hold. */
export interface LegalHoldInput {
  readonly on: boolean;
  readonly by: string;
  readonly reason: string;
}

/**
 * A legal hold stops deletion until released: nothing new is sent, and requests still in their grace
 * period are withdrawn. An update, not a signal, so a bad one (a release without a hold) is refused.
 */
export const legalHoldUpdate = defineUpdate<{ onHold: boolean }, [LegalHoldInput]>('legalHold');

export interface AddIdentifiersInput {
  readonly identifiers: Identifier[];
  readonly by: string;
  /** Set when another request for the subject joins: linked in the evidence, its identifiers the request's. */
  readonly requestId?: string;
}

/** Adds identifiers to a running erasure; resolution and discovery run again. Refused if any is invalid. */
export const addIdentifiersUpdate = defineUpdate<{ added: number }, [AddIdentifiersInput]>('addIdentifiers');

export interface RetryInput {
  readonly by: string;
}

/** After credentials are fixed: try the platform again now. Refused when nothing needs attention. */
export const retryUpdate = defineUpdate<{ retrying: boolean }, [RetryInput]>('retry');

export interface ConfirmMatchesInput {
  readonly by: string;
  readonly reason?: string;
  /** Derived matches (as progress names them: `m1`, …) to exclude: never erased. */
  readonly exclude?: string[];
  /** Only these are confirmed (default: every waiting one not excluded). */
  readonly confirm?: string[];
}

/**
 * Confirms or excludes the derived matches waiting for an operator (issue 15): confirmed records are
 * erased with the rest, excluded ones never. Refused when none waits, or a name is not one that waits.
 */
export const confirmMatchesUpdate = defineUpdate<
  { confirmed: string[]; excluded: string[] },
  [ConfirmMatchesInput]
>('confirmMatches');

/** A snapshot of the erasure: phase, per-platform counts, deadline, holds, next check, last error. */
export const progressQuery = defineQuery<ErasureProgress>('progress');

// --- the quota governor (DESIGN §2a) ---------------------------------------------------------------

/** Workflow id of the quota governor of one platform account. */
export const governorWorkflowId = (platform: PlatformId, account: string): string =>
  `governor-${platform}-${account}`;

export type { GovernorInput };

/** A subject's ids handed to its platform account's governor. */
export type EnqueueInput = {
  /** The subject erasure's workflow id: where the receipt goes. */
  readonly subject: string;
  /** The subject's deadline (epoch ms): the governor sends early enough to meet it. */
  readonly deadline: number;
  /**
   * The hand-over's own key (set by the activity that sends it, the same on each of its retries): a
   * governor drops a message whose key it has taken already. Signal-with-start is not idempotent, and
   * a retry after a lost answer would queue again ids the governor may have sent meanwhile.
   */
  readonly key?: string;
} & (
  | { readonly kind: RecordKind; readonly ids: string[] }
  /** Every kind in one message (erasures since ENQUEUE_TOGETHER). */
  | { readonly entries: ReadonlyArray<{ kind: RecordKind; ids: string[] }> }
);

export const enqueueSignal = defineSignal<[EnqueueInput]>('enqueue');

/** A subject stops (cancel, hold, hard stop): drop its ids still queued; with `ack`, say which. */
export interface WithdrawInput {
  readonly subject: string;
  readonly ack?: boolean;
}

export const withdrawSignal = defineSignal<[WithdrawInput]>('withdraw');

/** The governor's answer to a withdraw with `ack`: the subject's ids it dropped (never sent). */
export interface QueueReleased {
  readonly platform: PlatformId;
  readonly entries: ReadonlyArray<{ kind: RecordKind; ids: string[] }>;
}

export const queueReleasedSignal = defineSignal<[QueueReleased]>('released');

/** The governor's answer to a subject: the request that carried its ids (and only its ids). */
export interface GovernorReceipt {
  readonly platform: PlatformId;
  readonly requestId: string;
  readonly kind: RecordKind;
  readonly ids: string[];
  /** The request also carried other subjects' ids: it cannot be withdrawn for one of them alone. */
  readonly shared: boolean;
  /** An earlier attempt's answer was lost: what the governor's submission did about it. */
  readonly lostAnswer?: LostAnswer;
}

export const receiptSignal = defineSignal<[GovernorReceipt]>('receipt');

/** The platform refused the request that carried these ids. */
export interface GovernorRejection {
  readonly platform: PlatformId;
  readonly kind: RecordKind;
  readonly ids: string[];
  readonly errorType: string;
  readonly message: string;
}

export const rejectionSignal = defineSignal<[GovernorRejection]>('rejection');

/** What a governor tells the owners of one request: the same signal to each, with each one's message. */
export type OwnerAnswers =
  | { readonly signal: 'receipt'; readonly answers: ReadonlyArray<OwnerAnswer<GovernorReceipt>> }
  | { readonly signal: 'rejection'; readonly answers: ReadonlyArray<OwnerAnswer<GovernorRejection>> };

/** One owner's answer: the erasure's workflow id and its message. */
export interface OwnerAnswer<M> {
  readonly subject: string;
  readonly message: M;
}

/** What a governor is doing: ids queued, requests sent this month, a quota pause, the last error. */
export interface GovernorStatus {
  readonly queuedIds: number;
  readonly usedThisMonth: number;
  readonly monthlyQuota: number;
  readonly sentTotal: number;
  readonly pausedUntil?: string;
  readonly lastError?: string;
}

export const governorStatusQuery = defineQuery<GovernorStatus>('governorStatus');

/**
 * The quota governor's start signature: the activities start it by name with this type, so they never
 * import the governor's code (which imports the activities' types).
 */
export type GovernorWorkflow = (input: GovernorInput) => Promise<void>;
