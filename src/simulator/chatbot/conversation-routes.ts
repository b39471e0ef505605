import { ContractError, type Router } from '../kit/http';
import { authenticate, type ChatbotSimulatorContext, positiveInt } from './context';
import type { StoredConversation } from './store';

/**
 * The Conversations log: a chatter's conversations by UCI key and value, paged from 1, and one
 * conversation by id. Deleted conversations keep their entry, without the UCI value that found them.
 */
export function conversationRoutes(router: Router, ctx: ChatbotSimulatorContext): void {
  router.on('GET', /^\/api\/v1\/conversations$/, (req) => {
    authenticate(ctx, req);
    const key = req.query.get('uci_key');
    const value = req.query.get('uci_value');
    if (!key) throw new ContractError(400, 'uci_key is required');
    if (key !== ctx.options.uciKey)
      throw new ContractError(400, "uci_key is not this bot's Unique Chatter Identifier");
    if (!value) throw new ContractError(400, 'uci_value is required');
    const page = positiveInt(req.query, 'page', 1);
    const pageSize = positiveInt(
      req.query,
      'page_size',
      ctx.options.defaultPageSize,
      ctx.options.maxPageSize,
    );
    const all = ctx.store.conversationsOf(value, ctx.clock.now());
    const start = (page - 1) * pageSize;
    return {
      status: 200,
      body: {
        conversations: all.slice(start, start + pageSize).map((c) => render(ctx, c)),
        page,
        page_size: pageSize,
        total: all.length,
      },
    };
  });

  router.on('GET', /^\/api\/v1\/conversations\/([^/]+)$/, (req) => {
    authenticate(ctx, req);
    const c = ctx.store.conversation(req.params[0] ?? '', ctx.clock.now());
    // An unknown id is the contract working, not the caller breaking it.
    if (!c) throw new ContractError(404, 'conversation not found', false);
    return { status: 200, body: render(ctx, c) };
  });
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A conversation as the platform answers it. */
function render(ctx: ChatbotSimulatorContext, c: StoredConversation) {
  return {
    id: c.id,
    started_at: iso(c.startedAt),
    ended_at: c.endedAt === null ? null : iso(c.endedAt),
    channel: c.channel,
    title: c.title,
    deleted: c.deleted,
    uci_key: ctx.options.uciKey,
    uci_value: c.uciValue,
    transcript: c.transcript?.map((l) => ({ from: l.from, text: l.text, at: iso(l.at) })) ?? null,
    files: [...c.files],
    csat_score: c.csatScore,
    csat_comment: c.csatComment,
    conversation_score: c.conversationScore,
    has_file_upload: c.hasFileUpload,
    has_handover: c.hasHandover,
    has_push: c.hasPush,
  };
}
