import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { attentionErrorTypes, errorTypes } from '../domain/error-types';
import { submissionKey } from '../domain/idempotency';
import { type PackedRequest, QuotaBook, type QuotaBookState } from '../domain/quota-book';
import {
  EARLY_MONTH_RETRY,
  enqueueSignal,
  type GovernorInput,
  governorStatusQuery,
  receiptSignal,
  rejectionSignal,
  withdrawSignal,
} from './definitions';
import { activitiesFor, failureMessage, failureType, needsFreshRun, now } from './platform-calls';

/** What continue-as-new carries: the book, and how many requests were sent (numbers idempotency keys). */
export interface GovernorCarry {
  readonly book: QuotaBookState;
  readonly sent: number;
  /** The last requests sent: a create whose answer is lost is looked for among the others. */
  readonly recent?: string[];
}

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
  const book = new QuotaBook(input.policy, carry?.book);
  let sent = carry?.sent ?? 0;
  const recent = [...(carry?.recent ?? [])];
  let lastError: string | undefined;
  let arrivals = 0;
  setHandler(enqueueSignal, (entry) => {
    book.enqueue({ ...entry, enqueuedAt: platformNow(), deadline: toPlatform(entry.deadline) });
    arrivals += 1;
  });
  setHandler(withdrawSignal, ({ subject }) => {
    book.withdraw(subject);
  });
  setHandler(governorStatusQuery, () => ({
    queuedIds: book.queuedIds,
    usedThisMonth: book.usedIn(platformNow()),
    monthlyQuota: input.policy.monthlyQuota,
    sentTotal: sent,
    ...(book.pausedUntil !== undefined ? { pausedUntil: new Date(book.pausedUntil).toISOString() } : {}),
    ...(lastError !== undefined ? { lastError } : {}),
  }));

  const { workflowId } = workflowInfo();
  for (;;) {
    for (let request = book.next(platformNow()); request; request = book.next(platformNow())) {
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
        await answer(request, (owner) =>
          getExternalWorkflowHandle(owner.subject).signal(receiptSignal, {
            platform: input.platform,
            requestId: receipt.requestId,
            kind: request.kind,
            ids: owner.ids,
            shared: request.owners.length > 1,
            ...(receipt.lostAnswer ? { lostAnswer: receipt.lostAnswer } : {}),
          }),
        );
      } catch (err) {
        const type = failureType(err);
        lastError = `${type ?? 'error'}: ${failureMessage(err)}`;
        if (type === errorTypes.quotaExhausted) {
          book.requeue(request);
          book.quotaExhausted(platformNow(), patched(EARLY_MONTH_RETRY));
          break;
        }
        if (type !== undefined && attentionErrorTypes.includes(type)) {
          // Nothing can go out until the credentials (or the base URL) work again; the ids stay queued.
          book.requeue(request);
          await sleep(input.attentionRetryMs);
          break;
        }
        if (type !== errorTypes.rejected) throw err;
        await answer(request, (owner) =>
          getExternalWorkflowHandle(owner.subject).signal(rejectionSignal, {
            platform: input.platform,
            kind: request.kind,
            ids: owner.ids,
            errorType: type,
            message: failureMessage(err),
          }),
        );
      }
    }
    if (needsFreshRun()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof governor>(input, { book: book.snapshot(), sent, recent });
    }
    const wakeAt = book.nextWakeAt(platformNow(), input.tickMs * rate);
    const seen = arrivals;
    const woken = (): boolean => arrivals !== seen || needsFreshRun();
    if (wakeAt === undefined) await condition(woken);
    else await condition(woken, Math.max(1, Math.ceil((wakeAt - platformNow()) / rate)));
  }
}

/** Tells every owner of a request; a subject that has ended since cannot be told and needs not be. */
async function answer(
  request: PackedRequest,
  tell: (owner: { subject: string; ids: string[] }) => Promise<void>,
): Promise<void> {
  for (const owner of request.owners) {
    try {
      await tell(owner);
    } catch {
      // The subject's workflow is closed (completed or cancelled): nothing to deliver.
    }
  }
}
