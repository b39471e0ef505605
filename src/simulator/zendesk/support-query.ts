import type { SimRequest } from '../kit/http';
import { baseOf, invalid, type ZendeskContext } from './context';

/** Most ids a `show_many` or `destroy_many` takes (§2.2, §4). */
export const MAX_IDS = 100;
const MAX_PER_PAGE = 100;
const ID = /^\d{1,16}$/;

/** A path parameter that must be an integer id. */
export function idParam(raw: string | undefined, name: string): number {
  if (raw === undefined || !ID.test(raw) || !Number.isSafeInteger(Number(raw)))
    throw invalid(`${name} must be an integer id`);
  return Number(raw);
}

/**
 * Refuses query parameters the endpoint does not take, by name (a credential in the URL among them:
 * Zendesk does not process it, §1). Cursor paging (`page[size]`…) is not simulated: offset only (R3).
 */
export function allowOnly(req: SimRequest, names: readonly string[]): void {
  for (const name of new Set(req.query.keys()))
    if (!names.includes(name)) throw invalid(`unknown query parameter ${name.slice(0, 40)}`);
}

/** A required comma-separated list of integer ids (at most 100), without repeats. */
export function idList(req: SimRequest, name: string, max = MAX_IDS): number[] {
  const raw = req.query.get(name);
  if (raw === null || raw.trim() === '') throw invalid(`${name} is required`);
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !ID.test(p) || !Number.isSafeInteger(Number(p))))
    throw invalid(`${name} must be a comma-separated list of integer ids`);
  const ids = [...new Set(parts.map(Number))];
  if (ids.length > max) throw invalid(`${name} takes at most ${max} ids`);
  return ids;
}

/** A required comma-separated list of strings (job ids, external ids), at most `max` when given. */
export function stringList(req: SimRequest, name: string, max?: number): string[] {
  const raw = req.query.get(name);
  if (raw === null || raw.trim() === '') throw invalid(`${name} is required`);
  const items = [...new Set(raw.split(',').map((p) => p.trim()))];
  if (items.some((i) => i === '')) throw invalid(`${name} has an empty item`);
  if (max !== undefined && items.length > max) throw invalid(`${name} takes at most ${max} items`);
  return items;
}

/** The page asked for and its size. */
export interface OffsetPaging {
  readonly page: number;
  readonly perPage: number;
}

/**
 * Offset paging (§3.4): `page` from 1, `per_page` from 1 (default 100). A page holds "up to 100
 * records": a larger `per_page` gets 100, as the documents say nothing of refusing it.
 */
export function offsetPaging(req: SimRequest): OffsetPaging {
  const int = (name: string, fallback: number): number => {
    const raw = req.query.get(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1)
      throw invalid(`${name} must be a positive integer`);
    return n;
  };
  return { page: int('page', 1), perPage: Math.min(MAX_PER_PAGE, int('per_page', MAX_PER_PAGE)) };
}

/**
 * One page of `all` under `key`, with `count` and absolute `next_page` / `previous_page` URLs that
 * repeat the request's query with only `page` changed (null at either end).
 */
export function offsetPage<T>(
  ctx: ZendeskContext,
  req: SimRequest,
  key: string,
  all: readonly T[],
  { page, perPage }: OffsetPaging,
): Record<string, unknown> {
  const link = (n: number): string => {
    const query = new URLSearchParams(req.query);
    query.set('page', String(n));
    query.set('per_page', String(perPage));
    return `${baseOf(ctx, req)}${req.path}?${query}`;
  };
  const start = (page - 1) * perPage;
  return {
    [key]: all.slice(start, start + perPage),
    next_page: start + perPage < all.length ? link(page + 1) : null,
    previous_page: page > 1 ? link(page - 1) : null,
    count: all.length,
  };
}
