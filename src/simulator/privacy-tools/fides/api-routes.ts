import type { Router, SimRequest, SimResponse } from '../../kit/http';
import { type CallbackData, contractBreaches, NOT_JSON, validateCallback } from './callback-body';
import { sendErasure } from './connector';
import type { FidesContext } from './context';
import { CALLBACK_PATH, callbackRequestStatuses, fidesError, TASK_QUEUED } from './contract';
import { expireWaits, type PrivacyRequest, type RequestTask, taskOf } from './store';

const CALLBACK_ROUTE = /^\/api\/v1\/request-task\/callback$/;

/**
 * `POST /api/v1/request-task/callback` (`request_task_async_callback`), in FastAPI's order: the bearer
 * token (`verify_request_task_callback`), then the body (422), then the request's and the task's status
 * (400). An accepted callback answers `{"task_queued": true}` and the task runs on: the access task's
 * rows lead to the erasure request, the erasure task's completion completes the request.
 */
export function apiRoutes(router: Router, ctx: FidesContext): void {
  router.on('POST', CALLBACK_ROUTE, (req) => {
    const { request, task } = authenticate(ctx, req);
    const now = ctx.clock.now();
    const media = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase();
    const json = media === 'application/json' || media?.endsWith('+json') === true;
    // FastAPI validates a body of another media type as raw bytes, which no model accepts.
    const { data, issues } = validateCallback(json ? req.body : NOT_JSON);
    if (!data) throw fidesError(422, issues);
    expireWaits(request, now, ctx.options.callbackTimeoutMs);
    const refusal = refusalOf(request, task, req.body);
    task.callbacks.push({ body: req.body, at: now, status: refusal ? 400 : 200 });
    if (refusal) return refusal;
    for (const breach of contractBreaches(req.body as Record<string, unknown>, task.action, request.email))
      ctx.journal.flag('POST', CALLBACK_PATH, breach);
    accept(ctx, request, task, data, JSON.stringify(req.body));
    return { status: 200, body: TASK_QUEUED };
  });
}

/** The task the bearer token names: 401 without a bearer, 403 for a token Fides cannot read or too old. */
function authenticate(ctx: FidesContext, req: SimRequest): { request: PrivacyRequest; task: RequestTask } {
  const header = req.headers.authorization;
  // `OAuth2ClientCredentialsBearer`: no header, or another scheme, is `InvalidAuthorizationSchemeError`.
  const [scheme = '', token = ''] = (header ?? '').split(/ (.*)/s);
  if (!header || scheme.toLowerCase() !== 'bearer') throw fidesError(401, 'Failed to authenticate');
  const issued = ctx.store.token(token);
  // A JWE that does not decrypt (or is not a RequestTaskJWE) is an `AuthorizationError`.
  if (!issued) throw fidesError(403, 'Not Authorized for this action');
  if (ctx.clock.now() - issued.issuedAt > ctx.options.tokenTtlMs)
    throw fidesError(403, 'Request Task token expired');
  const request = ctx.store.get(issued.requestId);
  const task = request?.tasks.find((t) => t.id === issued.taskId);
  if (!request || !task) throw fidesError(404, `No Request Task found with id '${issued.taskId}'.`);
  return { request, task };
}

/**
 * The 400s, as the endpoint words them. Not a broken rule: a callback after an operator cancelled the
 * request (Lethe cannot know), and the very callback that completed the task sent again (a retry after a
 * lost answer: journaled as a repeat). Any other is one.
 */
function refusalOf(request: PrivacyRequest, task: RequestTask, body: unknown): SimResponse | undefined {
  const prefix = `Callback failed. Cannot queue ${task.action} task '${task.id}' with`;
  let detail: string | undefined;
  if (!callbackRequestStatuses.has(request.status))
    detail = `${prefix} privacy request status '${request.status}'`;
  else if (task.status !== 'awaiting_processing') detail = `${prefix} request task status '${task.status}'`;
  if (detail === undefined) return undefined;
  if (task.completedBy !== undefined && task.completedBy === JSON.stringify(body))
    return { status: 400, body: { detail }, repeatOf: request.id };
  if (request.status === 'canceled') return { status: 400, body: { detail } };
  throw fidesError(400, detail);
}

/**
 * Records what the callback carried (as the endpoint does: rows only when there are some, `rows_masked`
 * only when non-zero) and runs the task on at once: Fides sets it `pending`, re-queues it, and the re-run
 * takes the callback's data and completes it.
 */
function accept(
  ctx: FidesContext,
  request: PrivacyRequest,
  task: RequestTask,
  data: CallbackData,
  json: string,
): void {
  task.completedBy = json;
  task.status = 'complete';
  if (task.action === 'erasure') {
    if (data.rows_masked) request.rowsMasked = data.rows_masked;
    request.status = 'complete';
    return;
  }
  const rows = data.access_results ?? [];
  if (rows.length > 0) request.accessRows = rows;
  const erasure = taskOf(request, 'erasure');
  const personId = rows[0]?.id;
  if (rows.length === 0) {
    // Nothing found: the erasure node has no rows to mask and completes without a request.
    erasure.status = 'complete';
    request.status = 'complete';
    return;
  }
  const url = ctx.executor.url;
  if (typeof personId !== 'string' || personId === '' || url === undefined) {
    erasure.status = 'error';
    erasure.error = url === undefined ? 'no executor URL' : 'the first access row has no string id';
    request.status = 'error';
    return;
  }
  // Fides answers the callback first and runs the queued erasure later.
  const sending = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => sendErasure(ctx, url, request, personId))
    .then(() => undefined);
  ctx.inflight.add(sending);
  void sending.finally(() => ctx.inflight.delete(sending));
}
