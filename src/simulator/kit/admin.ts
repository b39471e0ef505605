import { z } from 'zod';
import { FaultsSchema } from './faults';
import { ContractError, type Router, type SimResponse } from './http';
import type { SimulatorCore } from './serve';

/** An admin answer: 200 with a body (`{ok: true}` by default). */
export const ok = (body: unknown = { ok: true }): SimResponse => ({ status: 200, body });

/** Validates an admin body; a bad one is a 400 that is not a platform contract breach. */
export function parseAdmin<T>(schema: z.ZodType<T>, body: unknown): T {
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

const ClockSchema = z.union([
  z.object({ now: z.number().int() }),
  z.object({ advanceMs: z.number().int().nonnegative() }),
]);
export const ValuesSchema = z.object({ values: z.array(z.string().min(1)).default([]) });

/**
 * The admin routes every simulator has (not part of any platform's contract): read, set or advance the
 * virtual clock, configure or clear injected faults, read the journal, and reset (the journal and faults
 * here; `reset` clears the platform's own state).
 */
export function coreAdminRoutes(router: Router, core: SimulatorCore, reset: () => void): void {
  router.on('POST', /^\/admin\/reset$/, () => {
    reset();
    core.journal.clear();
    core.faults.configure(undefined);
    return ok();
  });
  router.on('GET', /^\/admin\/clock$/, () => ok({ now: core.clock.now() }));
  router.on('POST', /^\/admin\/clock$/, (req) => {
    const body = parseAdmin(ClockSchema, req.body);
    return ok({ now: 'now' in body ? core.clock.setAtLeast(body.now) : core.clock.advance(body.advanceMs) });
  });
  router.on('POST', /^\/admin\/faults$/, (req) => {
    core.faults.configure(parseAdmin(FaultsSchema, req.body));
    return ok();
  });
  router.on('DELETE', /^\/admin\/faults$/, () => {
    core.faults.configure(undefined);
    return ok();
  });
  router.on('GET', /^\/admin\/journal$/, () =>
    ok({ entries: core.journal.all(), violations: core.journal.violations() }),
  );
}
