import { activityInfo, getClient, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { type OwnerAnswers, receiptSignal, rejectionSignal } from '../workflows/definitions';

/** Owners signalled at once: a request's hundred owners in ten round trips, not a hundred. */
const AT_ONCE = 10;
/** How often a long delivery says it is alive (the heartbeat timeout is at least 5 s). */
const KEEP_ALIVE_MS = 1_000;

/** How a delivery went: owners told, and owners whose erasure had ended (nothing to tell). */
export interface AnswersDelivered {
  readonly told: number;
  readonly ended: number;
}

/**
 * Tells each owner of a governor's request what became of its ids. A retried attempt resumes after the
 * owners an earlier one told (its heartbeat); the owners of the chunk in flight may hear twice, which
 * an erasure ignores (same request id, same ids). An erasure that has ended needs no answer.
 */
export async function answerOwners(input: OwnerAnswers): Promise<AnswersDelivered> {
  const details: unknown = activityInfo().heartbeatDetails;
  const resumeAt = typeof details === 'number' && Number.isInteger(details) && details >= 0 ? details : 0;
  const workflows = getClient().workflow;
  const deliveries: Array<() => Promise<void>> =
    input.signal === 'receipt'
      ? input.answers.map((a) => () => workflows.getHandle(a.subject).signal(receiptSignal, a.message))
      : input.answers.map((a) => () => workflows.getHandle(a.subject).signal(rejectionSignal, a.message));
  let told = resumeAt;
  let ended = 0;
  const alive = setInterval(() => heartbeat(told), KEEP_ALIVE_MS);
  try {
    for (let from = resumeAt; from < deliveries.length; from += AT_ONCE) {
      const chunk = deliveries.slice(from, from + AT_ONCE);
      const outcomes = await Promise.all(
        chunk.map((deliver) =>
          deliver().then(
            () => true,
            (err: unknown) => {
              if (err instanceof WorkflowNotFoundError) return false;
              throw err;
            },
          ),
        ),
      );
      ended += outcomes.filter((delivered) => !delivered).length;
      told = from + chunk.length;
      heartbeat(told);
    }
  } finally {
    clearInterval(alive);
  }
  return { told: told - resumeAt - ended, ended };
}
