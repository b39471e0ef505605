import { alignTenMinutes, withinCalendarMonths } from '../../domain/search-windows';
import type { VirtualClock } from '../kit/clock';
import type { FaultInjector } from '../kit/faults';
import { ContractError, type SimRequest } from '../kit/http';
import type { Journal } from '../kit/journal';
import type { TokenIssuer } from '../kit/tokens';
import type { LivePersonSimulatorOptions } from './options';
import type { LivePersonStore } from './store';

/** Everything the simulator's routes share. */
export interface SimulatorContext {
  readonly options: LivePersonSimulatorOptions;
  readonly store: LivePersonStore;
  readonly clock: VirtualClock;
  readonly tokens: TokenIssuer;
  readonly journal: Journal;
  readonly faults: FaultInjector;
  /** `host:port` every service's base URI points at, unless the request names the host it reached. */
  host: string;
  /** The client secret the token endpoint accepts now (the admin API can rotate it). */
  clientSecret: string;
  /** Called when a deletion request is created, before the 201 is written (tests use it to crash a worker). */
  readonly onDeletionCreated?: (requestId: number) => void;
}

/** Rejects calls for another account: LivePerson answers 403 (not sufficient privileges). */
export function requireAccount(ctx: SimulatorContext, accountId: string | undefined): void {
  if (accountId !== ctx.options.accountId)
    throw new ContractError(403, `no access to account ${accountId ?? ''}`);
}

/** Reads `offset`/`limit` paging; a limit over the maximum is refused rather than clamped. */
export function paging(ctx: SimulatorContext, query: URLSearchParams): { offset: number; limit: number } {
  const offset = Number(query.get('offset') ?? '0');
  const limit = Number(query.get('limit') ?? '50');
  if (!Number.isInteger(offset) || offset < 0)
    throw new ContractError(400, 'offset must be a non-negative integer');
  if (!Number.isInteger(limit) || limit < 1 || limit > ctx.options.maxPageSize) {
    throw new ContractError(400, `limit must be between 1 and ${ctx.options.maxPageSize}`);
  }
  return { offset, limit };
}

/**
 * Validates a `{from, to}` interval in epoch ms of at most `months` calendar months (unless
 * `unbounded`). The platform rounds `from` down and `to` up to ten minutes; the limit is checked on the
 * rounded interval, the stricter reading (platform-contracts §0, §1.b, §1.c).
 */
export function interval(
  value: unknown,
  name: string,
  months: number,
  unbounded = false,
): { from: number; to: number } {
  const v = value as { from?: unknown; to?: unknown } | undefined;
  if (!v || typeof v.from !== 'number' || typeof v.to !== 'number' || !Number.isFinite(v.from + v.to)) {
    throw new ContractError(400, `${name} {from, to} is required (epoch ms)`);
  }
  if (v.from > v.to) throw new ContractError(400, `${name}.from is after ${name}.to`);
  const rounded = { from: alignTenMinutes(v.from, 'down'), to: alignTenMinutes(v.to, 'up') };
  if (!unbounded && !withinCalendarMonths(rounded, months)) {
    throw new ContractError(400, `${name} interval exceeds ${months} month${months === 1 ? '' : 's'}`);
  }
  return rounded;
}

/**
 * The page envelope both history APIs use. Links are absolute and keep the request's query (the
 * required `source` among it), with only `offset` changed, so a client can follow them as given.
 */
export function page<T>(
  ctx: SimulatorContext,
  req: SimRequest,
  all: readonly T[],
  offset: number,
  limit: number,
): { meta: Record<string, unknown>; items: T[] } {
  const link = (rel: string, o: number): { rel: string; href: string } => {
    const query = new URLSearchParams(req.query);
    query.set('offset', String(o));
    query.set('limit', String(limit));
    return { rel, href: `http://${hostOf(ctx, req)}${req.path}?${query}` };
  };
  const meta: Record<string, unknown> = {
    count: all.length,
    self: link('self', offset),
    shardsStatusResult: { partialResult: false },
  };
  if (offset + limit < all.length) {
    meta.next = link('next', offset + limit);
    meta.last = link('last', Math.floor((all.length - 1) / limit) * limit);
  }
  return { meta, items: all.slice(offset, offset + limit) };
}

/**
 * The host a client reached the simulator by (its `Host` header): on 0.0.0.0 in a container, the bound
 * address would send a client in another container to itself. The bound address when there is none.
 */
export function hostOf(ctx: Pick<SimulatorContext, 'host'>, req: Pick<SimRequest, 'headers'>): string {
  const host = req.headers.host;
  return host && /^[A-Za-z0-9.[\]:-]+$/.test(host) ? host : ctx.host;
}
