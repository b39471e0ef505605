import { z } from 'zod';
import { coreAdminRoutes, ok, parseAdmin as parse, ValuesSchema } from '../kit/admin';
import { ContractError, type Router } from '../kit/http';
import type { SimulatorContext } from './context';
import { SeedSchema } from './seed';

const IdsSchema = z.object({ ids: z.array(z.string().min(1)).min(1) });

/**
 * The admin API (not part of LivePerson's contract): seed data, move the clock, close conversations,
 * report what personal data remains, read the journal and the deletion requests, inject faults.
 */
export function adminRoutes(router: Router, ctx: SimulatorContext): void {
  coreAdminRoutes(router, ctx, () => {
    ctx.store.reset();
    ctx.tokens.clear();
    ctx.clientSecret = ctx.options.clientSecret;
  });

  router.on('POST', /^\/admin\/seed$/, (req) => {
    const seed = parse(SeedSchema, req.body);
    ctx.store.seed(seed);
    return ok({
      consumers: seed.consumers.length,
      conversations: seed.conversations.length,
      engagements: seed.engagements.length,
    });
  });
  router.on('POST', /^\/admin\/conversations\/([^/]+)\/close$/, (req) => {
    const c = ctx.store.conversations.get(req.params[0] ?? '');
    if (!c) throw new ContractError(404, 'no such conversation', false);
    c.status = 'CLOSE';
    c.endTime = ctx.clock.now();
    return ok();
  });
  router.on('POST', /^\/admin\/engagements\/([^/]+)\/end$/, (req) => {
    const e = ctx.store.engagements.get(req.params[0] ?? '');
    if (!e) throw new ContractError(404, 'no such engagement', false);
    e.ended = true;
    e.endTime = ctx.clock.now();
    return ok();
  });
  router.on('POST', /^\/admin\/remaining$/, (req) => {
    const { values } = parse(ValuesSchema, req.body);
    return ok({ records: ctx.store.remaining(values, ctx.clock.now()) });
  });
  router.on('GET', /^\/admin\/requests$/, () => {
    const now = ctx.clock.now();
    ctx.store.settle(now);
    return ok({
      requests: ctx.store.requests.map((r) => ({
        requestId: r.requestId,
        kind: r.kind,
        ids: r.ids,
        createdAt: r.createdAt,
        status: ctx.store.statusOf(r, now),
      })),
    });
  });
  // Rotates the client secret and revokes every token: how credentials stop working in real life.
  router.on('POST', /^\/admin\/credentials$/, (req) => {
    ctx.clientSecret = parse(z.object({ clientSecret: z.string().min(1) }), req.body).clientSecret;
    ctx.tokens.clear();
    return ok();
  });
  router.on('POST', /^\/admin\/ignore-deletion$/, (req) => {
    for (const id of parse(IdsSchema, req.body).ids) ctx.store.ignoreDeletionOf.add(id);
    return ok();
  });
}
