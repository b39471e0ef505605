import { ContractError, type Router, type SimRequest } from '../kit/http';
import { interval, page, paging, requireAccount, type SimulatorContext } from './context';
import { renderConversation } from './render';
import type { Sdes } from './seed';
import type { Conversation } from './store';

const BASE = '^/messaging_history/api/account/([^/]+)/conversations';
const SDE_TYPES: Record<string, ReadonlyArray<keyof Sdes>> = {
  personalInfo: ['name', 'surname', 'email', 'phone'],
  customerInfo: ['customerId'],
};

type Body = Record<string, unknown>;

/** Messaging Interactions: conversation search (windowed), by consumer, and by conversation id. */
export function messagingRoutes(router: Router, ctx: SimulatorContext): void {
  router.on('POST', new RegExp(`${BASE}/search$`), (req) => {
    const body = start(ctx, req);
    const window = interval(body.start, 'start', ctx.options.conversationWindowMonths);
    // `end` is optional and kept to the same limit ("larger intervals will be rejected").
    const ended =
      body.end === undefined ? undefined : interval(body.end, 'end', ctx.options.conversationWindowMonths);
    const matches = (c: Conversation): boolean =>
      c.startTime >= window.from &&
      c.startTime <= window.to &&
      (ended === undefined ||
        (c.endTime !== undefined && c.endTime >= ended.from && c.endTime <= ended.to)) &&
      statusMatches(body, c) &&
      sdeMatches(body, c) &&
      keywordMatches(body, c);
    return answer(ctx, req, body, matches);
  });

  router.on('POST', new RegExp(`${BASE}/consumer/search$`), (req) => {
    const body = start(ctx, req);
    if (typeof body.consumer !== 'string' || body.consumer === '')
      throw new ContractError(400, 'consumer is required');
    if (!Array.isArray(body.status) || body.status.length === 0)
      throw new ContractError(400, 'status is required');
    return answer(ctx, req, body, (c) => c.consumerId === body.consumer && statusMatches(body, c));
  });

  router.on('POST', new RegExp(`${BASE}/conversation/search$`), (req) => {
    const body = start(ctx, req);
    if (typeof body.conversationId !== 'string' || body.conversationId === '')
      throw new ContractError(400, 'conversationId is required');
    return answer(ctx, req, body, (c) => c.conversationId === body.conversationId);
  });
}

/** Common checks: account, token, the required `source` parameter, a JSON body. */
function start(ctx: SimulatorContext, req: SimRequest): Body {
  requireAccount(ctx, req.params[0]);
  ctx.tokens.authenticate(req, ctx.clock.now());
  const source = req.query.get('source');
  if (!source || source.length > 20)
    throw new ContractError(400, 'source is required (at most 20 characters)');
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body))
    throw new ContractError(400, 'a JSON object body is required');
  return req.body as Body;
}

function answer(ctx: SimulatorContext, req: SimRequest, body: Body, matches: (c: Conversation) => boolean) {
  const { offset, limit } = paging(ctx, req.query);
  const now = ctx.clock.now();
  ctx.store.settle(now);
  const kept = ctx.store.retainedSince(now);
  const content = Array.isArray(body.contentToRetrieve) ? (body.contentToRetrieve as string[]) : undefined;
  const all = [...ctx.store.conversations.values()]
    .filter((c) => c.startTime >= kept && matches(c))
    .sort((a, b) => b.startTime - a.startTime);
  const { meta, items } = page(ctx, req, all, offset, limit);
  return {
    status: 200,
    body: {
      _metadata: meta,
      conversationHistoryRecords: items.map((c) =>
        renderConversation(c, ctx.store.consumers.get(c.consumerId), ctx.options.accountId, content),
      ),
    },
  };
}

function statusMatches(body: Body, c: Conversation): boolean {
  return !Array.isArray(body.status) || body.status.includes(c.status);
}

/** `sdeSearch`: free text over engagement-attribute values, OR between the listed attribute types. */
function sdeMatches(body: Body, c: Conversation): boolean {
  const search = body.sdeSearch as Record<string, unknown> | undefined;
  if (!search) return true;
  return Object.entries(search).some(([type, value]) => {
    const fields = SDE_TYPES[type];
    if (!fields || typeof value !== 'string' || value === '') return false;
    const needle = value.toLowerCase();
    return fields.some((f) => c.sdes[f]?.toLowerCase().includes(needle));
  });
}

/** `keyword`: message text; a phrase in double quotes matches as a sequence. */
function keywordMatches(body: Body, c: Conversation): boolean {
  if (typeof body.keyword !== 'string' || body.keyword === '') return true;
  const needle = body.keyword.replace(/^"|"$/g, '').toLowerCase();
  return c.messages.some((m) => m.text.toLowerCase().includes(needle));
}
