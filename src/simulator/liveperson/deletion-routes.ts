import { ContractError, type Router } from '../kit/http';
import { requireAccount, type SimulatorContext } from './context';
import type { DeletionKind, DeletionRequest } from './store';

const KINDS: readonly DeletionKind[] = ['engagement', 'conversation', 'consumer', 'ticketing'];
const BASE = '^/api/account/([^/]+)/personal-data-deletion';

/** Personal Data Deletion: create (with the monthly quota), get one or a list, cancel during grace. */
export function deletionRoutes(router: Router, ctx: SimulatorContext): void {
  router.on('POST', new RegExp(`${BASE}$`), (req) => {
    requireAccount(ctx, req.params[0]);
    const now = ctx.clock.now();
    const clientId = ctx.tokens.authenticate(req, now);
    const { kind, ids } = validateBody(ctx, req.body);
    // LivePerson documents no idempotency header: a repeated create is a second request, quota and all.
    if (ctx.store.requestsThisMonth(now) >= ctx.options.monthlyQuota) {
      throw new ContractError(429, 'Requests threshold for current month was reached');
    }
    // Before this one joins the list: an earlier request covering the same records makes it a repeat.
    const covering = ctx.store.coveringRequest(kind, ids, now);
    const request: DeletionRequest = {
      requestId: 127_000 + ctx.store.requests.length + 1,
      kind,
      ids,
      createdAt: now,
      requestedBy: clientId,
    };
    ctx.store.requests.push(request);
    ctx.onDeletionCreated?.(request.requestId);
    return {
      status: 201,
      body: created(ctx, request),
      ...(covering ? { repeatOf: String(covering.requestId) } : {}),
    };
  });

  router.on('GET', new RegExp(`${BASE}$`), (req) => {
    requireAccount(ctx, req.params[0]);
    const now = ctx.clock.now();
    ctx.tokens.authenticate(req, now);
    const status = req.query.get('status');
    const from = dateParam(req.query.get('fromDate'), 'fromDate', 0);
    const to = dateParam(req.query.get('toDate'), 'toDate', now) + 86_400_000;
    ctx.store.settle(now);
    const rows = ctx.store.requests
      .filter((r) => r.createdAt >= from && r.createdAt < to)
      .filter((r) => status === null || ctx.store.statusOf(r, now) === status)
      .map((r) => row(ctx, r, now));
    return { status: 200, body: rows };
  });

  router.on('GET', new RegExp(`${BASE}/(\\d+)$`), (req) => {
    requireAccount(ctx, req.params[0]);
    const now = ctx.clock.now();
    ctx.tokens.authenticate(req, now);
    ctx.store.settle(now);
    return { status: 200, body: [row(ctx, find(ctx, req.params[1]), now)] };
  });

  router.on('POST', new RegExp(`${BASE}/(\\d+)/cancel$`), (req) => {
    requireAccount(ctx, req.params[0]);
    const now = ctx.clock.now();
    const clientId = ctx.tokens.authenticate(req, now);
    const request = find(ctx, req.params[1]);
    const status = ctx.store.statusOf(request, now);
    // Refusing to cancel a final request is the contract working, not the caller breaking it.
    if (status !== 'NOT_STARTED')
      throw new ContractError(400, `request is ${status} and can no longer be cancelled`, false);
    request.canceledAt = now;
    request.cancelledBy = clientId;
    return { status: 200, body: [{ ...created(ctx, request), status: 'CANCELED' }] };
  });
}

/** Exactly one known kind, a non-empty list of at most the limit of unique string ids; closed conversations only. */
function validateBody(ctx: SimulatorContext, body: unknown): { kind: DeletionKind; ids: string[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ContractError(400, 'a JSON object body is required');
  const keys = Object.keys(body);
  const unknown = keys.filter((k) => !KINDS.includes(k as DeletionKind));
  if (unknown.length > 0) throw new ContractError(400, `unknown field(s): ${unknown.join(', ')}`);
  if (keys.length !== 1)
    throw new ContractError(400, `exactly one of ${KINDS.join(', ')} is required, got ${keys.length}`);
  const kind = keys[0] as DeletionKind;
  const ids = (body as Record<string, unknown>)[kind];
  if (!Array.isArray(ids) || ids.length === 0)
    throw new ContractError(400, `${kind} must be a non-empty array`);
  if (ids.some((id) => typeof id !== 'string' || id === ''))
    throw new ContractError(400, `${kind} ids must be non-empty strings`);
  if (ids.length > ctx.options.maxIdsPerRequest)
    throw new ContractError(400, `${kind} holds ${ids.length} ids; at most ${ctx.options.maxIdsPerRequest}`);
  if (new Set(ids).size !== ids.length) throw new ContractError(400, `${kind} ids must be unique`);
  if (kind === 'conversation') {
    const open = ids.filter((id) => ctx.store.conversations.get(id)?.status === 'OPEN');
    if (open.length > 0)
      throw new ContractError(400, `only closed conversations can be deleted; ${open.length} open`);
  }
  return { kind, ids: ids as string[] };
}

function find(ctx: SimulatorContext, id: string | undefined): DeletionRequest {
  const request = ctx.store.requests.find((r) => String(r.requestId) === id);
  if (!request) throw new ContractError(404, `no deletion request ${id ?? ''}`);
  return request;
}

function dateParam(value: string | null, name: string, fallback: number): number {
  if (value === null) return fallback;
  const ms = Date.parse(value);
  // Date.parse rolls impossible days over (2025-02-30 → 2 March); the round trip catches them.
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== value
  ) {
    throw new ContractError(400, `${name} must be a calendar date, yyyy-mm-dd`);
  }
  return ms;
}

/** The documented 201 record. */
function created(ctx: SimulatorContext, r: DeletionRequest) {
  return {
    request_id: r.requestId,
    siteid: ctx.options.accountId,
    request_time: new Date(r.createdAt).toISOString(),
    requested_by: r.requestedBy,
    cancelled_by: r.cancelledBy ?? null,
    delete_json: JSON.stringify({ [r.kind]: r.ids }),
    cancel_timestamp: r.canceledAt === undefined ? null : new Date(r.canceledAt).toISOString(),
    is_canceled: r.canceledAt !== undefined,
  };
}

/** The documented list row: these five fields and nothing else (no ids, no body; platform-contracts §0). */
function row(ctx: SimulatorContext, r: DeletionRequest, now: number) {
  return {
    request_id: r.requestId,
    siteid: ctx.options.accountId,
    request_time: new Date(r.createdAt).toISOString(),
    requested_by: r.requestedBy,
    status: ctx.store.statusOf(r, now),
  };
}
