import { randomUUID } from 'node:crypto';
import { coreAdminRoutes, ok, parseAdmin as parse } from '../../kit/admin';
import { ContractError, type Router, type SimRequest } from '../../kit/http';
import { EndpointSchema, NewRequestSchema, SendSchema } from './admin-schemas';
import { callbackUrl, endpointOf, type KetchContext } from './context';
import { deleteRequestBody } from './delete-request';
import { forward } from './forward';
import { requestView } from './request-view';
import type { ForwardedRequest } from './store';

/**
 * The admin API (not Ketch's protocol): point the tenant at an executor, create deletions, forward them
 * (optionally under a wrong header), and read what the executor answered and reported.
 */
export function adminRoutes(router: Router, ctx: KetchContext): void {
  coreAdminRoutes(router, ctx, () => {
    ctx.store.reset();
    delete ctx.endpoint.url;
    Object.assign(ctx.endpoint, endpointOf(ctx.options));
  });

  router.on('POST', /^\/admin\/endpoint$/, (req) => {
    ctx.endpoint.url = parse(EndpointSchema, req.body).url;
    return ok({ url: ctx.endpoint.url });
  });

  router.on('POST', /^\/admin\/requests$/, (req) => {
    const { uid = randomUUID(), ...input } = parse(NewRequestSchema, req.body);
    if (ctx.store.get(uid)) throw new ContractError(409, `request ${uid} exists`, false);
    const metadata = { uid, tenant: ctx.options.tenant };
    const callback = { url: callbackUrl(ctx, uid), header: ctx.options.callbackHeader };
    const now = ctx.clock.now();
    ctx.store.add(deleteRequestBody(metadata, input, callback, now), now);
    return ok({ uid });
  });

  router.on('POST', /^\/admin\/requests\/([^/]+)\/send$/, async (req) => {
    const request = requestOf(ctx, req);
    const url = ctx.endpoint.url;
    if (url === undefined) throw new ContractError(409, 'no executor endpoint (POST /admin/endpoint)', false);
    // Sending again before then repeats the same request under the same uid, as a redelivery would.
    if (request.finalStatus !== undefined)
      throw new ContractError(409, `request is ${request.finalStatus}: Ketch forwards it no more`, false);
    const { headerValue } = parse(SendSchema, req.body);
    return ok({ attempts: await forward(ctx, url, request, headerValue) });
  });

  router.on('GET', /^\/admin\/requests\/([^/]+)$/, (req) => ok(requestView(requestOf(ctx, req))));
}

function requestOf(ctx: KetchContext, req: SimRequest): ForwardedRequest {
  const request = ctx.store.get(req.params[0] ?? '');
  if (!request) throw new ContractError(404, 'no such request', false);
  return request;
}
