import { ContractError, type Router, type SimRequest } from '../kit/http';
import { baseOf, type ZendeskContext } from './context';
import type { MessagingConversation, MessagingUser } from './records';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A Sunshine Conversations error: `{errors: [{code, title}]}` (§9). */
export const scError = (status: number, code: string, title: string, violation = true): ContractError =>
  new ContractError(status, title, violation, { body: { errors: [{ code, title }] } });

const userNotFound = (): ContractError => scError(404, 'user_not_found', 'User not found', false);
const badRequest = (title: string): ContractError => scError(400, 'bad_request', title);

/**
 * Sunshine Conversations (§9, R14): get a user by id or external id, list their conversations, delete
 * the user (it reads on until its deletion completes) or only their personal information. Only the
 * app's key is accepted, as Basic `keyId:secret`.
 */
export function messagingRoutes(router: Router, ctx: ZendeskContext): void {
  const { messaging } = ctx.store;
  const on = (
    method: string,
    pattern: RegExp,
    handle: (req: SimRequest, user: () => MessagingUser) => object,
  ) =>
    router.on(method, pattern, (req) => {
      authenticate(ctx, req);
      if (req.params[0] !== ctx.options.messagingAppId) throw scError(404, 'app_not_found', 'App not found');
      messaging.settle(ctx.clock.now());
      const user = (): MessagingUser => messaging.find(req.params[1] ?? '') ?? throwing(userNotFound());
      return { status: 200, body: handle(req, user) };
    });

  on('GET', /^\/v2\/apps\/([^/]+)\/users\/([^/]+)$/, (req, user) => {
    allowOnly(req, []);
    return { user: renderUser(user()) };
  });

  on('DELETE', /^\/v2\/apps\/([^/]+)\/users\/([^/]+)\/personalinformation$/, (req, user) => {
    allowOnly(req, []);
    const u = user();
    messaging.clearPersonalInformation(u);
    // The vendor's example answer: the profile empty, id and externalId kept.
    return {
      user: { id: u.id, externalId: u.externalId, profile: {}, signedUpAt: iso(u.signedUpAt), metadata: {} },
    };
  });

  on('DELETE', /^\/v2\/apps\/([^/]+)\/users\/([^/]+)$/, (req, user) => {
    allowOnly(req, []);
    messaging.requestDeletion(user(), ctx.clock.now());
    return {};
  });

  on('GET', /^\/v2\/apps\/([^/]+)\/conversations$/, (req) => {
    allowOnly(req, ['filter[userId]', 'filter[userExternalId]', 'page[after]', 'page[before]', 'page[size]']);
    const byId = req.query.get('filter[userId]');
    const byExternal = req.query.get('filter[userExternalId]');
    if ((byId === null) === (byExternal === null))
      throw badRequest('Exactly one of filter[userId] and filter[userExternalId] is required');
    const user =
      byId !== null
        ? messaging.users.get(byId)
        : [...messaging.users.values()].find((u) => u.externalId !== null && u.externalId === byExternal);
    if (!user) throw userNotFound();
    return conversationPage(ctx, req, user.conversations);
  });

  for (const method of METHODS)
    router.on(method, /^\/v2\//, () => {
      throw scError(404, 'not_found', 'Not found: no such endpoint in the simulated contract');
    });
}

/** Cursor paging (§9): `page[after]` or `page[before]` (a conversation id), `page[size]` 1 to 100 (25). */
function conversationPage(
  ctx: ZendeskContext,
  req: SimRequest,
  all: readonly MessagingConversation[],
): object {
  const rawSize = req.query.get('page[size]') ?? '25';
  const size = Number(rawSize);
  if (!/^\d+$/.test(rawSize) || size < 1 || size > 100) throw badRequest('page[size] must be from 1 to 100');
  const after = req.query.get('page[after]');
  const before = req.query.get('page[before]');
  if (after !== null && before !== null)
    throw badRequest('Only one of page[after] and page[before] may be given');
  const at = (cursor: string, name: string): number => {
    const i = all.findIndex((c) => c.id === cursor);
    if (i < 0) throw badRequest(`${name} is not a conversation of this list`);
    return i;
  };
  const start =
    after !== null
      ? at(after, 'page[after]') + 1
      : before !== null
        ? Math.max(0, at(before, 'page[before]') - size)
        : 0;
  const end = before !== null ? at(before, 'page[before]') : Math.min(all.length, start + size);
  const page = all.slice(start, end);
  const link = (key: string, cursor: string): string => {
    const query = new URLSearchParams(req.query);
    query.delete('page[after]');
    query.delete('page[before]');
    query.set(key, cursor);
    query.set('page[size]', String(size));
    return `${baseOf(ctx, req)}${req.path}?${query}`;
  };
  const first = page[0]?.id ?? null;
  const last = page.at(-1)?.id ?? null;
  const more = end < all.length;
  return {
    conversations: page.map(renderConversation),
    meta: { hasMore: more, afterCursor: last, beforeCursor: first },
    links: {
      ...(start > 0 && first !== null ? { prev: link('page[before]', first) } : {}),
      ...(more && last !== null ? { next: link('page[after]', last) } : {}),
    },
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

function renderUser(u: MessagingUser): object {
  return {
    id: u.id,
    externalId: u.externalId,
    signedUpAt: iso(u.signedUpAt),
    profile: { givenName: u.givenName, surname: u.surname, email: u.email, avatarUrl: u.avatarUrl },
    metadata: { ...u.metadata },
  };
}

function renderConversation(c: MessagingConversation): object {
  return {
    id: c.id,
    type: 'personal',
    isDefault: c.isDefault,
    displayName: c.displayName,
    description: null,
    iconUrl: null,
    metadata: {},
    businessLastRead: null,
    lastUpdatedAt: iso(c.lastUpdatedAt),
  };
}

/** Only the app's API key, as Basic `keyId:secret` (§9); anything else is the spec's 401. */
function authenticate(ctx: ZendeskContext, req: SimRequest): void {
  const basic = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(req.headers.authorization ?? '');
  const expected = `${ctx.options.messagingKeyId}:${ctx.options.messagingKeySecret}`;
  if (!basic?.[1] || Buffer.from(basic[1], 'base64').toString('utf8') !== expected)
    throw scError(401, 'unauthorized', 'Authorization is required');
}

function allowOnly(req: SimRequest, names: readonly string[]): void {
  for (const name of new Set(req.query.keys()))
    if (!names.includes(name)) throw badRequest(`Unknown query parameter ${name.slice(0, 40)}`);
}

function throwing(err: Error): never {
  throw err;
}
