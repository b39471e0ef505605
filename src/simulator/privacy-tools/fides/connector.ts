import type { FidesContext } from './context';
import { CALLBACK_PATH, connectorContract as contract } from './contract';
import type { ExecutorAnswer, PrivacyRequest, RequestTask } from './store';

/**
 * Sends the access task's request as Lethe's connector config has it: `GET /intake/fides/person?email=…`
 * with the bearer API key and `reply-to` / `reply-to-token`. A 2xx leaves the task
 * `awaiting_processing` (Fides raises `AwaitingAsyncTask` and waits for the callback); anything else
 * fails the task and the request.
 */
export function sendRead(ctx: FidesContext, url: string, request: PrivacyRequest): Promise<ExecutorAnswer> {
  const query = new URLSearchParams({ [contract.read.identityQueryParam]: request.email });
  const target = `${base(url)}${contract.read.path}?${query.toString()}`;
  return send(ctx, request, request.tasks[0], contract.read.method, target);
}

/**
 * Sends the erasure task's request: `POST /intake/fides/erasure` with the JSON body `{email, person_id}`,
 * `person_id` being the first access row's `id`.
 */
export function sendErasure(
  ctx: FidesContext,
  url: string,
  request: PrivacyRequest,
  personId: string,
): Promise<ExecutorAnswer> {
  const body = JSON.stringify({ email: request.email, [contract.erasure.personIdField]: personId });
  const target = `${base(url)}${contract.erasure.path}`;
  return send(ctx, request, request.tasks[1], contract.erasure.method, target, body);
}

async function send(
  ctx: FidesContext,
  request: PrivacyRequest,
  task: RequestTask,
  method: string,
  target: string,
  body?: string,
): Promise<ExecutorAnswer> {
  const at = ctx.clock.now();
  task.status = 'in_processing';
  task.sentAt = at;
  const headers: Record<string, string> = {
    Authorization: `Bearer ${ctx.options.apiKey}`,
    [contract.replyToHeader]: CALLBACK_PATH,
    [contract.replyTokenHeader]: ctx.store.issue(request, task, at),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const answer = await call(method, target, headers, body, ctx.options.timeoutMs);
  task.executorAnswer = answer;
  const ok = answer.status >= 200 && answer.status < 300;
  // The request may have been cancelled while the call was out: its status is then kept.
  if (ok && task.status === 'in_processing') task.status = 'awaiting_processing';
  else if (!ok)
    fail(
      request,
      task,
      `${contract[task.action === 'access' ? 'read' : 'erasure'].path}: ${describe(answer)}`,
    );
  ctx.journal.add({
    at: new Date(at).toISOString(),
    method,
    path: target,
    status: answer.status,
    // The connector contract has Lethe answer 200 at once; Fides itself takes any 2xx.
    violations: ok && answer.status !== 200 ? [`Lethe answered ${answer.status}, not 200`] : [],
  });
  return answer;
}

/** Fails `task` and, unless an operator already closed it, its request. */
export function fail(request: PrivacyRequest, task: RequestTask, why: string): void {
  task.status = 'error';
  task.error = why;
  if (request.status === 'in_processing' || request.status === 'approved') request.status = 'error';
}

const base = (url: string): string => url.replace(/\/+$/, '');

const describe = (a: ExecutorAnswer): string =>
  a.status === 0 ? `no answer (${a.error ?? 'failed'})` : `HTTP ${a.status}`;

async function call(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<ExecutorAnswer> {
  try {
    // A redirect counts as an answer that is not 2xx, not a second endpoint to try.
    const res = await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { status: 0, body: '', error: err instanceof Error ? `${err.message}${cause}` : String(err) };
  }
}
