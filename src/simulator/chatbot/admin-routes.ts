import { z } from 'zod';
import { FaultsSchema } from '../kit/faults';
import { ContractError, type Router } from '../kit/http';
import type { ChatbotSimulatorContext } from './context';
import { SeedSchema } from './seed';

const ClockSchema = z.union([
  z.object({ now: z.number().int() }),
  z.object({ advanceMs: z.number().int().nonnegative() }),
]);
const ValuesSchema = z.object({ values: z.array(z.string().min(1)).default([]) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new ContractError(
      400,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
      false,
    );
  }
  return parsed.data;
}

/**
 * The admin API (not part of the platform's contract): seed chatters, move the clock, end
 * conversations, report what personal data remains, read the journal and the accepted requests,
 * inject faults.
 */
export function adminRoutes(router: Router, ctx: ChatbotSimulatorContext): void {
  const ok = (body: unknown = { ok: true }) => ({ status: 200, body });

  router.on('POST', /^\/admin\/seed$/, (req) => {
    const seed = parse(SeedSchema, req.body);
    const ids = ctx.store.seed(seed, ctx.clock.now());
    return ok({ chatters: seed.chatters.length, conversations: ids });
  });
  router.on('POST', /^\/admin\/reset$/, () => {
    ctx.store.reset();
    ctx.journal.clear();
    ctx.faults.configure(undefined);
    return ok();
  });
  router.on('GET', /^\/admin\/clock$/, () => ok({ now: ctx.clock.now() }));
  router.on('POST', /^\/admin\/clock$/, (req) => {
    const body = parse(ClockSchema, req.body);
    const now = 'now' in body ? ctx.clock.setAtLeast(body.now) : ctx.clock.advance(body.advanceMs);
    return ok({ now });
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
  router.on('GET', /^\/admin\/journal$/, () =>
    ok({ entries: ctx.journal.all(), violations: ctx.journal.violations() }),
  );
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
      })),
    });
  });
  router.on('GET', /^\/admin\/exports$/, () => ok({ exports: ctx.store.exports }));
  router.on('POST', /^\/admin\/faults$/, (req) => {
    ctx.faults.configure(parse(FaultsSchema, req.body));
    return ok();
  });
  router.on('DELETE', /^\/admin\/faults$/, () => {
    ctx.faults.configure(undefined);
    return ok();
  });
}
