import { z } from 'zod';
import { coreAdminRoutes, ok, parseAdmin as parse, ValuesSchema } from '../kit/admin';
import { ContractError, type Router } from '../kit/http';
import type { ZendeskContext } from './context';
import { remaining } from './remaining';
import { jobTypeOf } from './render';
import { TICKET_STATUSES, ZendeskSeedSchema } from './seed';

export type { ZendeskRemaining } from './remaining';

/**
 * The admin API (not Zendesk's contract): seed, move the clock, change a ticket's status (an agent
 * closing it), set the plan's rate limit, inject faults, read the journal and the jobs, and report
 * what personal data of some values remains.
 */
export function adminRoutes(router: Router, ctx: ZendeskContext): void {
  const settled = (): number => {
    const now = ctx.clock.now();
    ctx.store.settle(now);
    return now;
  };
  coreAdminRoutes(router, ctx, () => {
    ctx.store.reset();
    ctx.limiter.clear();
    ctx.ratePerMinute = ctx.options.ratePerMinute;
  });
  router.on('POST', /^\/admin\/seed$/, (req) => {
    const seed = parse(ZendeskSeedSchema, req.body);
    ctx.store.seed(seed, settled());
    return ok({
      users: seed.users.length,
      tickets: seed.tickets.length,
      messagingUsers: seed.messaging.users.length,
    });
  });
  router.on('POST', /^\/admin\/tickets\/(\d+)\/status$/, (req) => {
    const { status } = parse(z.object({ status: z.enum(TICKET_STATUSES) }), req.body);
    const now = settled();
    const id = Number(req.params[0]);
    // A ticket Lethe already deleted has nothing left to close (the demo closes its open one a day in).
    if (ctx.store.removedTicketIds.has(id)) return ok({ ok: true, deleted: true });
    const ticket = ctx.store.tickets.get(id);
    if (!ticket) throw new ContractError(404, 'no such ticket', false);
    ticket.status = status;
    ticket.updatedAt = now;
    return ok();
  });
  router.on('POST', /^\/admin\/rate-limit$/, (req) => {
    ctx.ratePerMinute = parse(z.object({ perMinute: z.number().int().positive() }), req.body).perMinute;
    ctx.limiter.clear();
    return ok();
  });
  router.on('POST', /^\/admin\/remaining$/, (req) => {
    const { values } = parse(ValuesSchema, req.body);
    settled();
    return ok({ records: remaining(ctx.store, values) });
  });
  router.on('GET', /^\/admin\/jobs$/, () => {
    const now = settled();
    const { jobs } = ctx.store;
    return ok({
      jobs: jobs
        .all()
        .map((j) => ({ id: j.id, job_type: jobTypeOf(j), status: jobs.stateOf(j, now), ids: [...j.ids] })),
    });
  });
}
