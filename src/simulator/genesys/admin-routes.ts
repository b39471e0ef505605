import { z } from 'zod';
import { coreAdminRoutes, ok, parseAdmin as parse, ValuesSchema } from '../kit/admin';
import { ContractError, type Router } from '../kit/http';
import type { GenesysContext } from './context';
import { GenesysSeedSchema } from './seed';
import { customerOf } from './store';

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
  coreAdminRoutes(router, ctx, () => {
    ctx.store.reset();
    ctx.tokens.clear();
    ctx.limiter.clear();
    ctx.ratePerMinute = ctx.options.ratePerMinute;
    ctx.clientSecret = ctx.options.clientSecret;
  });
  router.on('POST', /^\/admin\/seed$/, (req) => {
    const seed = parse(GenesysSeedSchema, req.body);
    ctx.store.seed(seed);
    return ok({ contacts: seed.contacts.length, conversations: seed.conversations.length });
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
  router.on('GET', /^\/admin\/requests$/, () => {
    const now = ctx.clock.now();
    ctx.store.settle(now);
    return ok({
      requests: ctx.store.requests.map((r) => ({
        id: r.id,
        requestType: r.requestType,
        name: r.name,
        subject: r.subject,
        status: ctx.store.statusOf(r, now),
        createdAt: r.createdAt,
        skippedOpen: r.skippedOpen ?? 0,
      })),
    });
  });
  router.on('POST', /^\/admin\/remaining$/, (req) => {
    const values = parse(ValuesSchema, req.body).values.map((v) => v.toLowerCase());
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
