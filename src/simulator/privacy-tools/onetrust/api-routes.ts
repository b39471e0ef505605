import { randomUUID } from 'node:crypto';
import type { Router, SimRequest, SimResponse } from '../../kit/http';
import { parseCompletion, parseStatusUpdate } from './bodies';
import type { OneTrustContext } from './context';
import { apiError, closedStatuses, isUuid, oauthError, type Where, writeScopes } from './contract';
import type { Subtask } from './store';

/**
 * OneTrust's subtask API as Lethe calls it: `PUT /api/datasubject/v2/subtasks/{subtaskId}/status`
 * (`updateSubtaskStatusUsingPUT`, answers the boolean `true`) and `PUT …/{subtaskID}/complete`
 * (`completeSubTaskUsingPUT`, a 200 with no body documented: none is sent). Both need a bearer token of
 * the DSAR or DSAR_WRITE scope (their `security`).
 */
export function apiRoutes(router: Router, ctx: OneTrustContext): void {
  router.on('PUT', /^\/api\/datasubject\/v2\/subtasks\/([^/]+)\/status$/, (req) => {
    const where = admit(ctx, req, 'status');
    const update = parseStatusUpdate(req, where);
    const subtask = subtaskOf(ctx, req, where);
    const call = `status ${JSON.stringify(req.body)}`;
    const refused = refuseIfClosed(ctx, subtask, call, where);
    if (refused) return refused;
    ctx.store.move(subtask, { ...update, at: where.now, source: 'status' }, call);
    return { status: 200, body: true };
  });

  router.on('PUT', /^\/api\/datasubject\/v2\/subtasks\/([^/]+)\/complete$/, (req) => {
    const where = admit(ctx, req, 'complete');
    const completion = parseCompletion(req, where);
    const subtask = subtaskOf(ctx, req, where);
    const call = `complete ${JSON.stringify(req.body)}`;
    const refused = refuseIfClosed(ctx, subtask, call, where);
    if (refused) return refused;
    subtask.comments.push({ ...completion, at: where.now });
    // `markAsComplete` (default false) decides whether the comment resolves the subtask or only adds to it.
    if (completion.markAsComplete) {
      const resolution = completion.resolutionId ? { resolutionId: completion.resolutionId } : {};
      ctx.store.move(
        subtask,
        { status: 'COMPLETED', at: where.now, source: 'complete', ...resolution },
        call,
      );
    }
    return { status: 200, raw: '' };
  });
}

/**
 * A valid token (401), of a write scope (403), within the endpoint's minute rule (429), naming a UUID
 * (400: the path parameter's `format: uuid`). Every call past the token counts toward the limit.
 */
function admit(ctx: OneTrustContext, req: SimRequest, endpoint: string): Where {
  const now = ctx.clock.now();
  const where = { path: req.path, now };
  const scopes = ctx.tokens.authenticate(req, now);
  if (!scopes.some((s) => writeScopes.includes(s)))
    throw oauthError(
      403,
      'insufficient_scope',
      `the token needs one of the scopes ${writeScopes.join(', ')}`,
    );
  const perMinute = ctx.settings.ratePerMinute;
  const refusal = ctx.limiter.take(endpoint, now, perMinute);
  if (refusal) {
    const { retryAfterSeconds: wait, made, ignoredRetryAfter } = refusal;
    const message = ignoredRetryAfter
      ? `called again before Retry-After elapsed (${made} calls this minute, ${perMinute} allowed)`
      : `rate limit of ${perMinute} calls a minute exceeded: retry in ${wait} s`;
    // The first 429 of a window is the limit doing its job; a call that did not wait it out broke a rule.
    throw apiError(429, message, where, ignoredRetryAfter, {
      'retry-after': String(wait),
      'ot-ratelimit-event-id': randomUUID(),
      'ot-requests-allowed': String(perMinute),
      'ot-period': 'MINUTE',
      'ot-request-made': String(made),
    });
  }
  if (!isUuid(req.params[0])) throw apiError(400, 'the subtask id must be a UUID', where);
  return where;
}

/** The subtask the path names; OneTrust's OAS lists no 404 for these operations, but none fits better. */
function subtaskOf(ctx: OneTrustContext, req: SimRequest, where: Where): Subtask {
  const subtask = ctx.store.get(req.params[0] ?? '');
  if (!subtask) throw apiError(404, `no subtask ${req.params[0]}`, where);
  return subtask;
}

/**
 * A COMPLETED or REJECTED subtask takes no further update (`closedSubtaskStatus`, 400 by default). Not a
 * broken rule when an operator closed it (Lethe could not know) or when the call repeats the one that
 * closed it (a retry after a lost answer: journaled as a repeat); any other call after Lethe's own close is.
 */
function refuseIfClosed(
  ctx: OneTrustContext,
  subtask: Subtask,
  call: string,
  where: Where,
): SimResponse | undefined {
  if (!closedStatuses.has(subtask.status)) return undefined;
  const status = ctx.options.closedSubtaskStatus;
  const message = `subtask ${subtask.subtaskId} is ${subtask.status}: it can no longer be updated`;
  const byOperator = subtask.statusHistory.at(-1)?.source === 'operator';
  const repeat = call === subtask.closingCall;
  const error = apiError(status, message, where, !byOperator && !repeat);
  if (repeat) return { status, body: error.body, repeatOf: subtask.subtaskId };
  throw error;
}
