import { ContractError, type Router } from '../kit/http';
import { interval, page, paging, requireAccount, type SimulatorContext } from './context';
import { renderEngagement } from './render';
import type { Engagement } from './store';

/** Which fields each `keyword_search_area` type searches. */
const AREAS: Record<string, (e: Engagement) => Array<string | undefined>> = {
  chatLine: (e) => e.lines.map((l) => l.text),
  visitorInfo: (e) => [e.visitorName],
  'ea.customerInfo': (e) => [e.sdes.customerId],
  'ea.personalInfo': (e) => [e.sdes.name, e.sdes.surname, e.sdes.email, e.sdes.phone],
  // Documented areas the simulator seeds no data for: accepted, and they match nothing.
  surveyAnswer: () => [],
  surveyQuestion: () => [],
  'ea.purchase': () => [],
  'ea.viewedProduct': () => [],
  'ea.cartStatus': () => [],
  'ea.serviceActivity': () => [],
  'ea.visitorError': () => [],
  'ea.lead': () => [],
  'ea.marketingCampaignInfo': () => [],
  mcs: () => [],
};

/** Engagement History: interaction search with a one-month window (ignored when searching by id or visitor). */
export function engagementRoutes(router: Router, ctx: SimulatorContext): void {
  router.on('POST', /^\/interaction_history\/api\/account\/([^/]+)\/interactions\/search$/, (req) => {
    requireAccount(ctx, req.params[0]);
    const now = ctx.clock.now();
    ctx.tokens.authenticate(req, now);
    const { offset, limit } = paging(ctx, req.query);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const byId = typeof body.engagementId === 'string' || typeof body.visitor === 'string';
    const window = interval(body.start, 'start', ctx.options.engagementWindowMonths, byId);
    const keyword =
      typeof body.keyword === 'string' ? body.keyword.replace(/^"|"$/g, '').toLowerCase() : undefined;
    const types = ((body.keyword_search_area as { types?: unknown } | undefined)?.types ?? [
      'chatLine',
    ]) as unknown;
    if (!Array.isArray(types) || types.some((t) => typeof t !== 'string' || !(t in AREAS))) {
      throw new ContractError(400, 'keyword_search_area.types holds an unknown type');
    }
    ctx.store.settle(now);
    const kept = ctx.store.retainedSince(now);
    const matches = (e: Engagement): boolean => {
      if (e.startTime < kept) return false;
      if (typeof body.engagementId === 'string') return e.engagementId === body.engagementId;
      if (typeof body.visitor === 'string' && e.visitorId !== body.visitor) return false;
      if (!byId && (e.startTime < window.from || e.startTime > window.to)) return false;
      if (keyword === undefined || keyword === '') return true;
      return (types as string[]).some((t) => AREAS[t]?.(e).some((v) => v?.toLowerCase().includes(keyword)));
    };
    const all = [...ctx.store.engagements.values()].filter(matches).sort((a, b) => b.startTime - a.startTime);
    const { meta, items } = page(ctx, req, all, offset, limit);
    return {
      status: 200,
      body: {
        _metadata: meta,
        interactionHistoryRecords: items.map((e) => renderEngagement(e, ctx.options.accountId)),
      },
    };
  });
}
