import type { KetchContext } from './context';
import { checkDeleteResponse, checkOtherAnswer, type ExecutorAnswer } from './messages';
import type { DeliveryAttempt, ForwardedRequest } from './store';

/**
 * POSTs the request's `DeleteRequest` to the executor, as Delete.md shows it (`Content-Type` and `Accept:
 * application/json`, the configured header), until an attempt is answered 200 or `deliveryAttempts` are
 * spent. Each attempt is recorded on the request and journaled (its breaches as violations); a 200 is
 * never retried, even one that breaks the contract (it was delivered). `headerValue` replaces the
 * configured header's value, to see the executor refuse it.
 */
export async function forward(
  ctx: KetchContext,
  url: string,
  request: ForwardedRequest,
  headerValue = ctx.options.endpointHeader.value,
): Promise<DeliveryAttempt[]> {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    [ctx.options.endpointHeader.name]: headerValue,
  };
  const body = JSON.stringify(request.body);
  const attempts: DeliveryAttempt[] = [];
  request.sentAt ??= ctx.clock.now();
  for (let i = 0; i < ctx.options.deliveryAttempts; i++) {
    const at = ctx.clock.now();
    const answer = await post(url, headers, body, ctx.options.timeoutMs);
    const attempt =
      'error' in answer
        ? { at, status: 0, breaches: [], error: answer.error }
        : judge(ctx, request, answer, at);
    attempts.push(attempt);
    request.attempts.push(attempt);
    ctx.journal.add({
      at: new Date(at).toISOString(),
      method: 'POST',
      path: url,
      status: attempt.status,
      violations: attempt.breaches,
    });
    if (attempt.status === 200) break;
  }
  return attempts;
}

/** Checks one answer; a 200 becomes the request's response, and its status enters the history if sound. */
function judge(
  ctx: KetchContext,
  request: ForwardedRequest,
  answer: ExecutorAnswer,
  at: number,
): DeliveryAttempt {
  const meta = request.body.metadata;
  if (answer.status !== 200) return { at, status: answer.status, breaches: checkOtherAnswer(answer, meta) };
  const checked = checkDeleteResponse(answer, meta);
  request.response = checked.json;
  request.responseBreaches = checked.breaches;
  // A reply that breaks the contract (another uid, an unknown status) cannot be trusted for its status.
  if (checked.update) ctx.store.record(request, { ...checked.update, source: 'response', at });
  return { at, status: 200, breaches: checked.breaches };
}

async function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<ExecutorAnswer | { error: string }> {
  try {
    // A redirect is an answer that is not 200, not a second endpoint to try.
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  } catch (err) {
    return { error: describe(err) };
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}
