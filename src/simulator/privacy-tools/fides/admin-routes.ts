import { randomUUID } from 'node:crypto';
import { coreAdminRoutes, ok, parseAdmin as parse } from '../../kit/admin';
import { ContractError, type Router, type SimRequest } from '../../kit/http';
import { ExecutorSchema, NewRequestSchema } from './admin-schemas';
import { sendRead } from './connector';
import { executorOf, type FidesContext } from './context';
import type { PrivacyRequestStatus } from './contract';
import { requestView } from './request-view';
import { expireWaits, type PrivacyRequest } from './store';

/** Statuses an operator can no longer cancel from. */
const closed: ReadonlySet<PrivacyRequestStatus> = new Set(['complete', 'canceled', 'denied', 'error']);

/**
 * The admin API (not Fides' API): point the connector at Lethe, create privacy requests, run one (the
 * access request goes out), cancel one as an operator would, and read a request with its tasks.
 */
export function adminRoutes(router: Router, ctx: FidesContext): void {
  coreAdminRoutes(router, ctx, () => {
    ctx.store.reset();
    delete ctx.executor.url;
    Object.assign(ctx.executor, executorOf(ctx.options));
  });

  router.on('POST', /^\/admin\/executor$/, (req) => {
    ctx.executor.url = parse(ExecutorSchema, req.body).url;
    return ok({ url: ctx.executor.url });
  });

  router.on('POST', /^\/admin\/privacy-requests$/, (req) => {
    const { id = `pri_${randomUUID()}`, email } = parse(NewRequestSchema, req.body);
    if (ctx.store.get(id)) throw new ContractError(409, `privacy request ${id} exists`, false);
    ctx.store.add(id, email, ctx.clock.now());
    return ok({ id });
  });

  router.on('POST', /^\/admin\/privacy-requests\/([^/]+)\/run$/, async (req) => {
    const request = requestOf(ctx, req);
    const url = ctx.executor.url;
    if (url === undefined) throw new ContractError(409, 'no executor URL (POST /admin/executor)', false);
    if (request.status !== 'pending' && request.status !== 'approved')
      throw new ContractError(
        409,
        `privacy request is ${request.status}: it runs from pending or approved`,
        false,
      );
    request.status = 'in_processing';
    const answer = await sendRead(ctx, url, request);
    return ok({ read: { status: answer.status, body: answer.body } });
  });

  router.on('POST', /^\/admin\/privacy-requests\/([^/]+)\/cancel$/, (req) => {
    const request = requestOf(ctx, req);
    if (closed.has(request.status))
      throw new ContractError(409, `privacy request is ${request.status}: it cannot be canceled`, false);
    request.status = 'canceled';
    return ok({ id: request.id, status: request.status });
  });

  router.on('GET', /^\/admin\/privacy-requests\/([^/]+)$/, (req) => ok(requestView(requestOf(ctx, req))));
}

function requestOf(ctx: FidesContext, req: SimRequest): PrivacyRequest {
  const request = ctx.store.get(req.params[0] ?? '');
  if (!request) throw new ContractError(404, 'no such privacy request', false);
  expireWaits(request, ctx.clock.now(), ctx.options.callbackTimeoutMs);
  return request;
}
