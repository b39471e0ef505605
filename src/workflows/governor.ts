import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  makeContinueAsNewFunc,
  patched,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { z } from 'zod';
import { attentionErrorTypes, errorTypes } from '../domain/error-types';
import { submissionKey } from '../domain/idempotency';
import { type PackedRequest, QuotaBook, type QuotaBookState } from '../domain/quota-book';
import { governorCurrentDetails } from '../domain/static-details';
import { spreadFlushes } from '../domain/wake-spread';
import { EnqueueSchema, enqueuedEntries, messageIssues, WithdrawSchema } from '../domain/workflow-messages';
import {
  ANSWERS_BY_ACTIVITY,
  CLEAN_STOP,
  DEFAULT_SIGNALS_PER_RUN,
  EARLY_MONTH_RETRY,
  enqueueSignal,
  GOVERNOR_LIMITS,
  type GovernorInput,
  type GovernorReceipt,
  type GovernorRejection,
  type GovernorWorkflow,
  governorStatusQuery,
  governorTaskQueue,
  type OwnerAnswer,
  type OwnerAnswers,
  type QueueReleased,
  queueReleasedSignal,
  receiptSignal,
  rejectionSignal,
  SPREAD_WAKEUPS,
  withdrawSignal,
} from './definitions';
import { activitiesFor, failureMessage, failureType, needsFreshRun, now } from './platform-calls';

/** What continue-as-new carries: the book, and how many requests were sent (numbers idempotency keys). */
export interface GovernorCarry {
  readonly book: QuotaBookState;
  readonly sent: number;
  /** The last requests sent: a create whose answer is lost is looked for among the others. */
  readonly recent?: string[];
  /** Keys of the last hand-overs taken: a retried one arriving after continue-as-new is still dropped. */
  readonly handedKeys?: string[];
}

/** How many hand-over keys a run carries to the next: retries come within minutes, not thousands later. */
const HANDED_KEYS_KEPT = 1_000;

/** How many of its last requests the governor remembers for telling a lost create from them. */
const RECENT_REQUESTS = 20;

/**
 * The quota governor of one platform account (DESIGN §2a): subjects hand it ids, it packs them into
 * full requests within the account's monthly quota, sends them, and answers each subject with the
 * request that carried its ids. On the platform's "month exhausted" it sleeps to the first day of the
 * next month. Long-lived: it continues as new when the server suggests it, handlers drained first.
 */
export async function governor(input: GovernorInput, carry?: GovernorCarry): Promise<void> {
  const acts = activitiesFor(input.callTimeoutMs);
  // The book counts months and waits on the platform's clock; timers run on workflow time.
  const rate = input.platformClock?.rate ?? 1;
  const epoch = input.platformClock?.epochMs ?? 0;
  const toPlatform = (t: number): number => epoch + (t - epoch) * rate;
  const platformNow = (): number => toPlatform(now());
  const { workflowId } = workflowInfo();
  const policy = patched(SPREAD_WAKEUPS)
    ? spreadFlushes(input.policy, input.tickMs * rate, workflowId)
    : input.policy;
  const book = new QuotaBook(policy, carry?.book);
  let sent = carry?.sent ?? 0;
  const recent = [...(carry?.recent ?? [])];
  let lastError: string | undefined;
  let arrivals = 0;
  // Runs started before the patch keep the old loop; every run since counts its own signals.
  const ownLimits = patched(GOVERNOR_LIMITS);
  // Runs since the patch tell a request's owners through one activity (see ANSWERS_BY_ACTIVITY).
  const byActivity = patched(ANSWERS_BY_ACTIVITY);
  const maxSignals = input.maxSignalsPerRun ?? DEFAULT_SIGNALS_PER_RUN;
  let signals = 0;
  const freshRunDue = (): boolean => needsFreshRun() || (ownLimits && signals >= maxSignals);
  // Anyone with access to the namespace can signal by hand: a malformed message is logged and dropped,
  // never left to fail the governor's workflow task (that would stall every erasure of the account).
  const handed = new Set(carry?.handedKeys ?? []);
  setHandler(enqueueSignal, (input: unknown) => {
    signals += 1;
    const message = checked('enqueue', EnqueueSchema, input);
    if (!message) return;
    if (message.key !== undefined) {
      // A retried hand-over: its ids are queued, or were sent, already.
      if (handed.has(message.key)) {
        log.info('dropped a repeated hand-over');
        return;
      }
      handed.add(message.key);
    }
    const at = platformNow();
    for (const { kind, ids } of enqueuedEntries(message))
      book.enqueue({
        subject: message.subject,
        kind,
        ids,
        enqueuedAt: at,
        deadline: toPlatform(message.deadline),
      });
    arrivals += 1;
  });
  setHandler(withdrawSignal, async (input: unknown) => {
    signals += 1;
    const withdraw = checked('withdraw', WithdrawSchema, input);
    if (!withdraw) return;
    const entries = book.release(withdraw.subject);
    // The subject waits for this answer before it ends: ids in a request now come with its receipt.
    if (withdraw.ack) await release(withdraw.subject, entries);
  });
  setHandler(governorStatusQuery, () => ({
    queuedIds: book.queuedIds,
    usedThisMonth: book.usedIn(platformNow()),
    monthlyQuota: input.policy.monthlyQuota,
    sentTotal: sent,
    ...(book.pausedUntil !== undefined ? { pausedUntil: new Date(book.pausedUntil).toISOString() } : {}),
    ...(lastError !== undefined ? { lastError } : {}),
  }));

  /** The Web UI's current details (no history event): the month's quota, the queue, the next look. */
  const showDetails = (wakeAt: number | undefined): void =>
    setCurrentDetails(
      governorCurrentDetails({
        usedThisMonth: book.usedIn(platformNow()),
        monthlyQuota: input.policy.monthlyQuota,
        queued: book.queuedByKind(),
        ...(wakeAt !== undefined ? { nextSendAt: new Date(wakeAt).toISOString() } : {}),
        ...(book.pausedUntil !== undefined ? { pausedUntil: new Date(book.pausedUntil).toISOString() } : {}),
        ...(lastError !== undefined ? { lastErrorType: lastError.split(':')[0] } : {}),
      }),
    );

  /** Tells a subject which of its ids were dropped from the queue, never sent. */
  const release = (subject: string, entries: QueueReleased['entries']): Promise<void> =>
    answer([
      () =>
        getExternalWorkflowHandle(subject).signal(queueReleasedSignal, { platform: input.platform, entries }),
    ]);
  /** Tells a request's owners: by one activity in runs since the patch, else one signal command each. */
  const tellOwners = async (answers: OwnerAnswers): Promise<void> => {
    if (byActivity) {
      await acts.answerOwners(answers);
      return;
    }
    const sends =
      answers.signal === 'receipt'
        ? answers.answers.map(
            (a) => () => getExternalWorkflowHandle(a.subject).signal(receiptSignal, a.message),
          )
        : answers.answers.map(
            (a) => () => getExternalWorkflowHandle(a.subject).signal(rejectionSignal, a.message),
          );
    await answer(sends, ownLimits);
  };
  /** A request that did not go out goes back in the queue; owners that withdrew meanwhile are told. */
  const requeue = async (request: PackedRequest): Promise<void> => {
    const gone = book.requeue(request);
    if (gone.length === 0 || !patched(CLEAN_STOP)) return;
    for (const owner of gone) await release(owner.subject, [{ kind: request.kind, ids: owner.ids }]);
  };

  for (;;) {
    for (;;) {
      // A busy month can queue thousands of requests: hand over to a fresh run between two sends.
      if (ownLimits && freshRunDue()) break;
      const request = book.next(platformNow());
      if (!request) break;
      const key = submissionKey(workflowId, sent, { kind: request.kind, ids: request.ids });
      try {
        const receipt = await acts.submitBatch({
          platform: input.platform,
          batch: { kind: request.kind, ids: request.ids },
          idempotencyKey: key,
          knownRequestIds: [...recent],
          // The governor sends one request at a time and is the account's only sender.
          exclusiveSender: true,
        });
        book.recordSent(platformNow());
        sent += 1;
        recent.push(receipt.requestId);
        if (recent.length > RECENT_REQUESTS) recent.shift();
        lastError = undefined;
        const receiptFor = (owner: Owner): GovernorReceipt => ({
          platform: input.platform,
          requestId: receipt.requestId,
          kind: request.kind,
          ids: owner.ids,
          shared: request.owners.length > 1,
          ...(receipt.lostAnswer ? { lostAnswer: receipt.lostAnswer } : {}),
        });
        await tellOwners({ signal: 'receipt', answers: answersTo(request, receiptFor) });
      } catch (err) {
        const type = failureType(err);
        lastError = `${type ?? 'error'}: ${failureMessage(err)}`;
        if (isCancellation(err)) throw err;
        if (type === errorTypes.quotaExhausted) {
          await requeue(request);
          book.quotaExhausted(platformNow(), patched(EARLY_MONTH_RETRY));
          break;
        }
        if (type !== undefined && attentionErrorTypes.includes(type)) {
          // Nothing can go out until the credentials (or the base URL) work again; the ids stay queued.
          await requeue(request);
          await sleep(input.attentionRetryMs);
          break;
        }
        // Histories from before the patch failed the governor here; now one request's failure (a
        // malformed answer once retries are spent) is its owners' to report, and the others go on.
        if (type !== errorTypes.rejected && !patched(CLEAN_STOP)) throw err;
        const rejectionFor = (owner: Owner): GovernorRejection => ({
          platform: input.platform,
          kind: request.kind,
          ids: owner.ids,
          errorType: type ?? 'error',
          message: failureMessage(err),
        });
        await tellOwners({ signal: 'rejection', answers: answersTo(request, rejectionFor) });
      }
    }
    if (freshRunDue()) {
      await condition(allHandlersFinished);
      // A governor started on its erasures' queue (before governors had their own) moves to its own here.
      const fresh = makeContinueAsNewFunc<typeof governor>({
        taskQueue: governorTaskQueue(workflowInfo().taskQueue),
      });
      await fresh(input, {
        book: book.snapshot(),
        sent,
        recent,
        handedKeys: [...handed].slice(-HANDED_KEYS_KEPT),
      });
    }
    const wakeAt = book.nextWakeAt(platformNow(), input.tickMs * rate);
    showDetails(wakeAt);
    const seen = arrivals;
    const woken = (): boolean => arrivals !== seen || freshRunDue();
    if (wakeAt === undefined) await condition(woken);
    else await condition(woken, Math.max(1, Math.ceil((wakeAt - platformNow()) / rate)));
  }
}

// The activities start the governor by this signature (GovernorWorkflow), without importing this code.
governor satisfies GovernorWorkflow;

/** The message if it is well formed; else logged by field path (never its values) and undefined. */
function checked<S extends z.ZodType>(signal: string, schema: S, input: unknown): z.output<S> | undefined {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  log.warn('ignored a malformed signal', { signal, issues: messageIssues(parsed.error) });
  return undefined;
}

type Owner = { subject: string; ids: string[] };

/** Each owner's message, for the activity that tells them all. */
function answersTo<M>(
  request: { readonly owners: ReadonlyArray<Owner> },
  messageFor: (owner: Owner) => M,
): Array<OwnerAnswer<M>> {
  return request.owners.map((owner) => ({ subject: owner.subject, message: messageFor(owner) }));
}

/**
 * Sends a request's answers, one signal command each; a subject that has ended since cannot be told and
 * needs not be. `together`: every signal in one workflow task, not one round trip each.
 */
async function answer(sends: ReadonlyArray<() => Promise<void>>, together = false): Promise<void> {
  // The subject's workflow is closed (completed or cancelled): nothing to deliver.
  const quietly = (send: () => Promise<void>) => send().catch(() => undefined);
  if (together) {
    await Promise.all(sends.map(quietly));
    return;
  }
  for (const send of sends) await quietly(send);
}
