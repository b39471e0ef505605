import { z } from 'zod';
import { FaultsSchema } from '../kit/faults';
import { ContractError, type Router } from '../kit/http';
import type { GenesysContext } from './context';
import { GenesysSeedSchema } from './seed';
import { customerOf } from './store';

const ClockSchema = z.union([
  z.object({ now: z.number().int() }),
  z.object({ advanceMs: z.number().int().nonnegative() }),
]);

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success)
    throw new ContractError(
      400,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
      false,
    );
  return parsed.data;
}

/** Where personal data of the given values is still held, for tests and the demo to check erasure. */
export interface GenesysRemaining {
  readonly kind: 'conversation' | 'recording' | 'externalContact';
  readonly id: string;
}

/**
 * The admin API (not Genesys' contract): seed, move the clock, end interactions, lift recordings'
 * legal holds, set the rate limit, inject faults, read the journal and the GDPR requests, and report
 * what personal data of some values remains.
 */
export function adminRoutes(router: Router, ctx: GenesysContext): void {
  const ok = (body: unknown = { ok: true }) => ({ status: 200, body });
  router.on('POST', /^\/admin\/seed$/, (req) => {
    const seed = parse(GenesysSeedSchema, req.body);
    ctx.store.seed(seed);
    return ok({ contacts: seed.contacts.length, conversations: seed.conversations.length });
  });
  router.on('POST', /^\/admin\/reset$/, () => {
    ctx.store.reset();
    ctx.journal.clear();
    ctx.tokens.clear();
    ctx.limiter.clear();
    ctx.faults.configure(undefined);
    ctx.ratePerMinute = ctx.options.ratePerMinute;
    ctx.clientSecret = ctx.options.clientSecret;
    return ok();
  });
  router.on('GET', /^\/admin\/clock$/, () => ok({ now: ctx.clock.now() }));
  router.on('POST', /^\/admin\/clock$/, (req) => {
    const body = parse(ClockSchema, req.body);
    return ok({ now: 'now' in body ? ctx.clock.setAtLeast(body.now) : ctx.clock.advance(body.advanceMs) });
  });
  router.on('POST', /^\/admin\/conversations\/([^/]+)\/end$/, (req) => {
    const c = ctx.store.conversations.get(req.params[0] ?? '');
    if (!c) throw new ContractError(404, 'no such conversation', false);
    c.end ??= ctx.clock.now();
    return ok();
  });
  router.on('POST', /^\/admin\/recordings\/([^/]+)\/release$/, (req) => {
    ctx.store.settle(ctx.clock.now());
    if (!ctx.store.releaseRecording(req.params[0] ?? ''))
      throw new ContractError(404, 'no such recording', false);
    return ok();
  });
  router.on('POST', /^\/admin\/rate-limit$/, (req) => {
    ctx.ratePerMinute = parse(z.object({ perMinute: z.number().int().positive() }), req.body).perMinute;
    ctx.limiter.clear();
    return ok();
  });
  router.on('POST', /^\/admin\/credentials$/, (req) => {
    ctx.clientSecret = parse(z.object({ clientSecret: z.string().min(1) }), req.body).clientSecret;
    ctx.tokens.clear();
    return ok();
  });
  router.on('POST', /^\/admin\/faults$/, (req) => {
    ctx.faults.configure(parse(FaultsSchema, req.body));
    return ok();
  });
  router.on('GET', /^\/admin\/journal$/, () =>
    ok({ entries: ctx.journal.all(), violations: ctx.journal.violations() }),
  );
  router.on('GET', /^\/admin\/requests$/, () => {
    const now = ctx.clock.now();
    ctx.store.settle(now);
    return ok({
      requests: ctx.store.requests.map((r) => ({
        id: r.id,
        requestType: r.requestType,
        name: r.name,
        status: ctx.store.statusOf(r, now),
        createdAt: r.createdAt,
        skippedOpen: r.skippedOpen ?? 0,
      })),
    });
  });
  router.on('POST', /^\/admin\/remaining$/, (req) => {
    const values = parse(z.object({ values: z.array(z.string().min(1)) }), req.body).values.map((v) =>
      v.toLowerCase(),
    );
    ctx.store.settle(ctx.clock.now());
    const holds = (text: string | undefined): boolean =>
      text !== undefined && values.some((v) => text.toLowerCase().includes(v));
    const records: GenesysRemaining[] = [];
    for (const c of ctx.store.conversations.values()) {
      const p = customerOf(c);
      const fields = [
        p?.participantName,
        p?.externalContactId,
        ...(p?.sessions ?? []).flatMap((s) => [s.ani, s.addressFrom]),
      ];
      if (fields.some(holds)) records.push({ kind: 'conversation', id: c.id });
      // A recording holds the voice of whoever the interaction was with, scrubbed metadata or not.
      for (const r of c.recordings)
        if (r.ownerValues.some(holds)) records.push({ kind: 'recording', id: r.id });
    }
    for (const contact of ctx.store.contacts.values()) {
      const fields = [
        `${contact.firstName} ${contact.lastName}`,
        contact.id,
        ...contact.emails,
        ...contact.phones,
        ...contact.addresses,
      ];
      if (fields.some(holds)) records.push({ kind: 'externalContact', id: contact.id });
    }
    return ok({ records });
  });
}
