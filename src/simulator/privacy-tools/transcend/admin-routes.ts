import { coreAdminRoutes, ok, parseAdmin as parse } from '../../kit/admin';
import { ContractError, type Router, type SimRequest } from '../../kit/http';
import { DeliverSchema, ForgedSchema, NewRequestSchema, SiloSchema } from './admin-schemas';
import { siloSettingsOf, type TranscendContext } from './context';
import { requestView } from './request-view';
import { type PrivacyRequest, stateOf } from './store';
import { deliver, deliverForged } from './webhooks';

/**
 * The admin API (not Transcend's contract): point the silo's webhooks somewhere, create privacy requests,
 * send their webhooks (genuine or forged), revoke them, and read what Lethe reported.
 */
export function adminRoutes(router: Router, ctx: TranscendContext): void {
  coreAdminRoutes(router, ctx, () => {
    ctx.store.reset();
    ctx.limiter.clear();
    // The signing key survives a reset: a receiver keeps the public key it fetched once.
    Object.assign(ctx.silo, { webhookUrl: undefined }, siloSettingsOf(ctx.options));
  });

  router.on('POST', /^\/admin\/silo$/, (req) => {
    const input = parse(SiloSchema, req.body);
    if (input.webhookUrl !== undefined) ctx.silo.webhookUrl = input.webhookUrl;
    if (input.ratePerMinute !== undefined) ctx.silo.ratePerMinute = input.ratePerMinute;
    return ok({ webhookUrl: ctx.silo.webhookUrl ?? null, ratePerMinute: ctx.silo.ratePerMinute });
  });

  router.on('POST', /^\/admin\/requests$/, (req) => {
    const input = parse(NewRequestSchema, req.body);
    if (input.id !== undefined && ctx.store.get(input.id))
      throw new ContractError(409, `request ${input.id} exists`, false);
    const request = ctx.store.create(input, ctx.clock.now());
    return ok({
      id: request.id,
      profiles: request.profiles.map((p) => ({ nonce: p.nonce, identifierType: p.identifierType })),
    });
  });

  router.on('POST', /^\/admin\/requests\/([^/]+)\/deliver$/, async (req) => {
    const request = requestOf(ctx, req);
    const url = webhookUrlOf(ctx);
    const state = stateOf(request);
    if (state !== 'open') throw new ContractError(409, `request is ${state}: Transcend sends no job`, false);
    const { only } = parse(DeliverSchema, req.body);
    const profiles =
      only === undefined
        ? request.profiles.filter((p) => p.resolvedAt === undefined)
        : only.map((i) => profileAt(request, i));
    return ok({ deliveries: await deliver(ctx, url, request, profiles) });
  });

  router.on('POST', /^\/admin\/requests\/([^/]+)\/deliver-forged$/, async (req) => {
    const request = requestOf(ctx, req);
    const url = webhookUrlOf(ctx);
    const { kind, profile } = parse(ForgedSchema, req.body);
    return ok({ delivery: await deliverForged(ctx, url, request, profileAt(request, profile), kind) });
  });

  router.on('POST', /^\/admin\/requests\/([^/]+)\/revoke$/, (req) => {
    const request = requestOf(ctx, req);
    if (stateOf(request) === 'completed')
      throw new ContractError(409, 'request is completed: it can no longer be revoked', false);
    request.revokedAt ??= ctx.clock.now();
    return ok(requestView(request));
  });

  router.on('GET', /^\/admin\/requests\/([^/]+)$/, (req) => ok(requestView(requestOf(ctx, req))));
}

function requestOf(ctx: TranscendContext, req: SimRequest): PrivacyRequest {
  const request = ctx.store.get(req.params[0] ?? '');
  if (!request) throw new ContractError(404, 'no such request', false);
  return request;
}

function webhookUrlOf(ctx: TranscendContext): string {
  const url = ctx.silo.webhookUrl;
  if (url === undefined)
    throw new ContractError(409, 'the silo has no webhook URL (POST /admin/silo)', false);
  return url;
}

function profileAt(request: PrivacyRequest, index: number) {
  const profile = request.profiles[index];
  if (!profile) throw new ContractError(400, `request has no profile ${index}`, false);
  return profile;
}
