import { ContractError, type Router, type SimRequest } from '../../kit/http';
import { authenticate, type TranscendContext } from './context';
import { type RequestType, requestTypes } from './contract';
import { parseReport } from './report-body';
import { stateOf } from './store';

/** When `limit` is not given (`transcend-io/cli` asks for 100 a page). */
const DEFAULT_PAGE = 100;

/**
 * Transcend's API as Lethe calls it: Sombra's public signing key, the status report
 * (`PUT /v1/data-silo`) and the pending list of a cron integration.
 */
export function apiRoutes(router: Router, ctx: TranscendContext): void {
  router.on('GET', /^\/public-keys\/sombra-general-signing-key$/, (req) => {
    authenticate(ctx, req);
    return { status: 200, raw: ctx.signer.publicKeyPem, headers: { 'content-type': 'text/plain' } };
  });

  router.on('PUT', /^\/v1\/data-silo$/, (req) => {
    authenticate(ctx, req);
    const now = ctx.clock.now();
    // Every authenticated PUT counts, whatever it is answered: the limit protects the gateway.
    const waitSeconds = ctx.limiter.take(now, ctx.silo.ratePerMinute);
    if (waitSeconds !== undefined) {
      throw new ContractError(429, `rate limited: retry in ${waitSeconds} s`, false, {
        headers: { 'retry-after': String(waitSeconds) },
      });
    }
    const { request, profile } = nonceOf(ctx, req);
    const report = parseReport(req);
    const state = stateOf(request);
    // Not a broken rule: a retry after a lost answer, or a revoke Lethe could not know of, lands here.
    if (state !== 'open')
      throw new ContractError(409, `the privacy request is ${state} and can no longer be modified`, false);
    ctx.store.record(request, profile, report, now);
    // Transcend documents a 200 but not its body; `{}` is the simulator's.
    return { status: 200, body: {} };
  });

  router.on('GET', /^\/v1\/data-silo\/([^/]+)\/pending-requests\/([^/]+)$/, (req) => {
    authenticate(ctx, req);
    const [siloId, type] = req.params;
    if (siloId !== ctx.options.dataSiloId) throw new ContractError(404, 'no such data silo');
    if (!(requestTypes as readonly string[]).includes(type ?? ''))
      throw new ContractError(400, `unknown request type ${type}`);
    const offset = integerParam(req, 'offset', 0, 0);
    const limit = integerParam(req, 'limit', DEFAULT_PAGE, 1);
    const items = ctx.store.pending(
      type as RequestType,
      ctx.options.dataSiloId,
      ctx.clock.now(),
      ctx.options.requestDeadlineDays,
    );
    return { status: 200, body: { items: items.slice(offset, offset + limit) } };
  });
}

/**
 * The profile `x-transcend-nonce` names. A missing or unknown nonce is a 400, not a 404: the path is
 * found, the header is what is wrong, and a 404 would read as a wrong gateway URL.
 */
function nonceOf(ctx: TranscendContext, req: SimRequest) {
  const nonce = req.headers['x-transcend-nonce'];
  if (typeof nonce !== 'string' || nonce === '')
    throw new ContractError(400, 'x-transcend-nonce is required');
  if (ctx.store.isForged(nonce))
    throw new ContractError(400, 'x-transcend-nonce came from a forged webhook: Transcend never issued it');
  const found = ctx.store.profileOf(nonce);
  if (!found) throw new ContractError(400, 'x-transcend-nonce names no job of this silo');
  return found;
}

function integerParam(req: SimRequest, name: string, fallback: number, min: number): number {
  const raw = req.query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min)
    throw new ContractError(400, `${name} must be an integer of at least ${min}`);
  return n;
}
