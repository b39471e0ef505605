import type { SimRequest } from '../kit/http';
import { baseOf, forbidden, invalid, notFound, unprocessable, type ZendeskContext } from './context';
import type { StoredTicket, StoredUser } from './records';
import { renderDeletedUser, renderTicket, renderUser } from './render';
import type { SupportApi } from './support-http';
import { allowOnly, idList, idParam, MAX_IDS, offsetPage, offsetPaging, stringList } from './support-query';

const PAGING = ['page', 'per_page'];

/**
 * Users (§2, §6): search, show, show many, the tickets a user requests or is CC'd on, soft deletion,
 * and the deleted users (list, show, permanent deletion).
 */
export function userRoutes(api: SupportApi, ctx: ZendeskContext): void {
  const { store } = ctx;

  api.on('GET', '/api/v2/users/search', (req) => {
    allowOnly(req, ['query', 'external_id', ...PAGING]);
    const query = req.query.get('query');
    const externalId = req.query.get('external_id');
    if (query !== null && externalId !== null) throw invalid('give query or external_id, not both');
    if (query === null && externalId === null) throw invalid('query or external_id is required');
    if ((query ?? externalId)?.trim() === '')
      throw invalid(`${query !== null ? 'query' : 'external_id'} is empty`);
    const paging = offsetPaging(req);
    const found = query !== null ? store.searchUsers(query) : store.usersByExternalId(externalId ?? '');
    const base = baseOf(ctx, req);
    return {
      status: 200,
      body: offsetPage(
        ctx,
        req,
        'users',
        found.map((u) => renderUser(u, base)),
        paging,
      ),
    };
  });

  api.on('GET', '/api/v2/users/show_many', (req) => {
    allowOnly(req, ['ids', 'external_ids']);
    const byExternal = req.query.has('external_ids');
    if (byExternal && req.query.has('ids')) throw invalid('give ids or external_ids, not both');
    let users: StoredUser[];
    if (byExternal) {
      const wanted = new Set(stringList(req, 'external_ids', MAX_IDS).map((e) => e.toLowerCase()));
      users = [...store.users.values()].filter(
        (u) => u.permanentlyDeletedAt === undefined && wanted.has(u.externalId?.toLowerCase() ?? ''),
      );
    } else {
      users = idList(req, 'ids').flatMap((id) => store.user(id) ?? []);
    }
    const base = baseOf(ctx, req);
    return { status: 200, body: { users: users.map((u) => renderUser(u, base)) } };
  });

  api.on('GET', '/api/v2/users/{id}', (req) => {
    allowOnly(req, []);
    const user = store.user(idParam(req.params[0], 'user_id'));
    if (!user) throw notFound();
    return { status: 200, body: { user: renderUser(user, baseOf(ctx, req)) } };
  });

  // Per-user ticket lists (R3): the user's tickets that are not soft-deleted, by id, offset-paged.
  const ticketList = (req: SimRequest, of: (t: StoredTicket, user: StoredUser) => boolean) => {
    allowOnly(req, PAGING);
    const user = store.user(idParam(req.params[0], 'user_id'));
    if (!user) throw notFound();
    const paging = offsetPaging(req);
    const base = baseOf(ctx, req);
    const tickets = store.activeTickets().filter((t) => of(t, user));
    return {
      status: 200,
      body: offsetPage(
        ctx,
        req,
        'tickets',
        tickets.map((t) => renderTicket(t, base)),
        paging,
      ),
    };
  };
  api.on('GET', '/api/v2/users/{id}/tickets/requested', (req) =>
    ticketList(req, (t, u) => t.requesterId === u.id),
  );
  api.on('GET', '/api/v2/users/{id}/tickets/ccd', (req) =>
    ticketList(req, (t, u) => t.collaboratorIds.includes(u.id)),
  );

  api.on('DELETE', '/api/v2/users/{id}', (req, now) => {
    allowOnly(req, []);
    const user = store.user(idParam(req.params[0], 'user_id'));
    // Already soft-deleted reads as gone here, as a soft-deleted ticket does (R6).
    if (!user || user.deletedAt !== undefined) throw notFound();
    if (user.owner) throw forbidden('The account owner cannot be deleted');
    if (user.role === 'end-user' && store.openRequests(user).length > 0)
      throw unprocessable('The user is the requester of tickets that are not closed');
    store.softDeleteUser(user, now);
    return { status: 200, body: { user: renderUser(user, baseOf(ctx, req)) } };
  });

  api.on('GET', '/api/v2/deleted_users', (req) => {
    allowOnly(req, PAGING);
    const paging = offsetPaging(req);
    const base = baseOf(ctx, req);
    // Permanently deleted users stay listed, as "Permanently Deleted User" with nothing else (R13).
    const deleted = [...store.users.values()]
      .filter((u) => u.deletedAt !== undefined)
      .sort((a, b) => a.id - b.id)
      .map((u) => renderDeletedUser(u, base));
    return { status: 200, body: offsetPage(ctx, req, 'deleted_users', deleted, paging) };
  });

  // An approximate count (§6): here exact, refreshed as it is read.
  api.on('GET', '/api/v2/deleted_users/count', (req, now) => {
    allowOnly(req, []);
    const value = [...store.users.values()].filter((u) => u.deletedAt !== undefined).length;
    return {
      status: 200,
      body: { count: { value, refreshed_at: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z') } },
    };
  });

  api.on('GET', '/api/v2/deleted_users/{id}', (req) => {
    allowOnly(req, []);
    const user = store.user(idParam(req.params[0], 'deleted_user_id'));
    if (!user || user.deletedAt === undefined) throw notFound();
    return { status: 200, body: { deleted_user: renderDeletedUser(user, baseOf(ctx, req)) } };
  });

  api.on(
    'DELETE',
    '/api/v2/deleted_users/{id}',
    (req, now) => {
      allowOnly(req, []);
      const user = store.users.get(idParam(req.params[0], 'deleted_user_id'));
      if (!user || user.permanentlyDeletedAt !== undefined) throw notFound();
      // "Before permanently deleting a user, you must delete the user first" (§6; R12).
      if (user.deletedAt === undefined) throw notFound(true, 'permanent deletion of a user not soft-deleted');
      store.erase(user, now);
      return { status: 200, body: { deleted_user: renderDeletedUser(user, baseOf(ctx, req)) } };
    },
    () => [
      {
        key: 'permanentUserDeletions',
        limit: ctx.options.permanentUserDeletions,
        windowMs: ctx.options.permanentUserDeletionWindowMs,
      },
    ],
  );
}
