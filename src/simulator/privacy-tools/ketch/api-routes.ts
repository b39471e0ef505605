import type { Router, SimRequest, SimResponse } from '../../kit/http';
import type { KetchContext } from './context';
import { type KetchMetadata, ketchError } from './contract';
import { checkStatusEvent } from './messages';
import type { ForwardedRequest } from './store';

/**
 * Ketch's side of the protocol that the executor calls: the callback each `DeleteRequest` names, where
 * `DeleteStatusEvent`s arrive until a final status (Delete.md, "Event"; Status.md).
 */
export function apiRoutes(router: Router, ctx: KetchContext): void {
  router.on('POST', /^\/callbacks\/([^/]+)$/, (req) => {
    const uid = req.params[0] ?? '';
    const meta: KetchMetadata = { uid, tenant: ctx.options.tenant };
    authenticate(ctx, req, meta);
    const request = ctx.store.get(uid);
    // The callback URL is only handed out in a sent request (an event may beat the answer to the POST).
    if (request?.sentAt === undefined)
      throw ketchError(404, `no request ${uid} was forwarded to an executor`, meta);
    const media = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (media !== 'application/json') throw ketchError(400, 'Content-Type must be application/json', meta);
    const { update, breaches } = checkStatusEvent(req.body, meta);
    if (!update) throw ketchError(400, breaches.join('; '), meta);
    const event = (req.body as { event: unknown }).event;
    if (request.finalStatus !== undefined) return refuseAfterFinal(request, event, meta);
    ctx.store.record(request, { ...update, source: 'event', at: ctx.clock.now() }, event);
    // Ketch documents no body for its answer to an event; `{}` is the simulator's.
    return { status: 200, body: {} };
  });
}

/**
 * The callback's header, exactly as the request's `callbacks[].headers` gave it (the name, as HTTP's
 * are, matched case-insensitively); anything else is a 401.
 */
function authenticate(ctx: KetchContext, req: SimRequest, meta: KetchMetadata): void {
  const { name, value } = ctx.options.callbackHeader;
  if (req.headers[name.toLowerCase()] !== value)
    throw ketchError(401, `missing or wrong ${name} header (the callback's headers)`, meta);
}

/**
 * "Once the status is set to `completed`, `cancelled` or `denied`, then no further events will be
 * accepted": a 409. The very event that closed the request, sent again (a retry after a lost answer), is
 * refused too but journaled as a repeat, not as a broken rule.
 */
function refuseAfterFinal(request: ForwardedRequest, event: unknown, meta: KetchMetadata): SimResponse {
  const message = `request is ${request.finalStatus}: no further events will be accepted`;
  const error = ketchError(409, message, meta, false);
  if (request.finalEvent !== undefined && JSON.stringify(event) === request.finalEvent)
    return { status: 409, body: error.body, repeatOf: request.uid };
  throw ketchError(409, message, meta);
}
