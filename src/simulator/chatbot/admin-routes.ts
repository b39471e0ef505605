import { coreAdminRoutes, ok, parseAdmin as parse, ValuesSchema } from '../kit/admin';
import { ContractError, type Router } from '../kit/http';
import type { ChatbotSimulatorContext } from './context';
import { SeedSchema } from './seed';

/**
 * The admin API (not part of the platform's contract): seed chatters, move the clock, end
 * conversations, report what personal data remains, read the journal and the accepted requests,
 * inject faults.
 */
export function adminRoutes(router: Router, ctx: ChatbotSimulatorContext): void {
  coreAdminRoutes(router, ctx, () => {
    ctx.store.reset();
  });

  router.on('POST', /^\/admin\/seed$/, (req) => {
    const seed = parse(SeedSchema, req.body);
    const ids = ctx.store.seed(seed, ctx.clock.now());
    return ok({ chatters: seed.chatters.length, conversations: ids });
  });
  router.on('POST', /^\/admin\/conversations\/([^/]+)\/end$/, (req) => {
    const now = ctx.clock.now();
    // Settle first: deletes already due must not see a conversation that ends only now.
    const c = ctx.store.conversation(req.params[0] ?? '', now);
    if (!c) throw new ContractError(404, 'no such conversation', false);
    if (c.endedAt === null) c.endedAt = now;
    return ok();
  });
  router.on('POST', /^\/admin\/remaining$/, (req) => {
    const { values } = parse(ValuesSchema, req.body);
    return ok({ records: ctx.store.remaining(values, ctx.clock.now()) });
  });
  router.on('GET', /^\/admin\/deletions$/, () => {
    ctx.store.settle(ctx.clock.now());
    return ok({
      deletions: ctx.store.deletes.map((d) => ({
        seq: d.seq,
        uciValue: d.uciValue,
        acceptedAt: d.acceptedAt,
        dueAt: d.dueAt,
        appliedAt: d.appliedAt ?? null,
        deletedIds: d.deletedIds,
        overlaps: d.overlaps ?? null,
      })),
    });
  });
  router.on('GET', /^\/admin\/exports$/, () => ok({ exports: ctx.store.exports }));
}
