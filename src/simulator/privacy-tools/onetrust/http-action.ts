import type { OneTrustContext } from './context';
import type { Delivery, Subtask } from './store';

/**
 * The JSON Lethe documents for the OneTrust admin to map the HTTP action's body to (OneTrust's outbound
 * payload is whatever the customer maps: notes/dsr-tool-contracts.md §1.4). Times are ISO-8601 UTC.
 */
export interface HttpActionBody {
  readonly subtaskId: string;
  readonly requestRefId: string;
  readonly identifiers: ReadonlyArray<{ readonly type: string; readonly value: string }>;
  readonly receivedAt: string;
  readonly deadline: string;
}

export function httpActionBody(subtask: Subtask): HttpActionBody {
  return {
    subtaskId: subtask.subtaskId,
    requestRefId: subtask.requestRefId,
    identifiers: subtask.identifiers.map(({ type, value }) => ({ type, value })),
    receivedAt: new Date(subtask.receivedAt).toISOString(),
    deadline: new Date(subtask.deadline).toISOString(),
  };
}

/**
 * Runs the workflow's HTTP action for `subtask`, as the trigger "Data Subject Request System Subtask
 * Created" would: POSTs the body with `Content-Type: application/json` and the configured header
 * (`headerValue` replaces its value, to see Lethe refuse it). Up to `attempts` POSTs, stopping at the
 * first 2xx; each answer is recorded on the subtask.
 */
export async function runHttpAction(
  ctx: OneTrustContext,
  url: string,
  subtask: Subtask,
  attempts: number,
  headerValue = ctx.options.intakeHeader.value,
): Promise<Delivery[]> {
  const headers = { 'Content-Type': 'application/json', [ctx.options.intakeHeader.name]: headerValue };
  const body = JSON.stringify(httpActionBody(subtask));
  const deliveries: Delivery[] = [];
  for (let i = 0; i < attempts; i++) {
    const delivery = await post(url, headers, body, ctx.clock.now(), ctx.options.actionTimeoutMs);
    deliveries.push(delivery);
    subtask.deliveries.push(delivery);
    if (delivery.status >= 200 && delivery.status < 300) break;
  }
  return deliveries;
}

async function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  at: number,
  timeoutMs: number,
): Promise<Delivery> {
  try {
    // A redirect is an answer that is not 2xx, not a second URL to try.
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { at, status: res.status, body: await res.text() };
  } catch (err) {
    return { at, status: 0, body: '', error: describe(err) };
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}
