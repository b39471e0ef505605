import type { SimRequest } from '../kit/http';
import { baseOf, invalid, type ZendeskContext } from './context';
import { enqueue } from './jobs-http';
import type { Limit } from './rate-limits';
import type { StoredTicket } from './records';
import { renderDeletedTicket, renderJob } from './render';
import type { SupportApi } from './support-http';
import { allowOnly, idList, idParam, offsetPage, offsetPaging } from './support-query';

const MINUTE = 60_000;
/** Beyond this page the deleted-tickets list allows half as many calls (§4: 5 a minute). */
const DEEP_PAGE = 100;

const SORTS: Record<string, (t: StoredTicket) => number | string> = {
  id: (t) => t.id,
  subject: (t) => t.subject.toLowerCase(),
  deleted_at: (t) => t.deleted?.at ?? 0,
};

/**
 * Soft-deleted tickets (§4): the list, and permanent deletion one by one or many at once, both as a
 * job. A ticket that is not soft-deleted is skipped by the job (R7); asking for it is journaled as a
 * breach unless a queued soft deletion will have deleted it first.
 */
export function deletedTicketRoutes(api: SupportApi, ctx: ZendeskContext): void {
  const { store } = ctx;

  const listLimits = (req: SimRequest): Limit[] => {
    const limit = ctx.options.deletedTicketListsPerMinute;
    const deep = Number(req.query.get('page') ?? 1) > DEEP_PAGE;
    return [
      { key: 'deletedTicketLists', limit, windowMs: MINUTE },
      ...(deep
        ? [{ key: 'deepDeletedTicketLists', limit: Math.max(1, Math.floor(limit / 2)), windowMs: MINUTE }]
        : []),
    ];
  };
  api.on(
    'GET',
    '/api/v2/deleted_tickets',
    (req) => {
      allowOnly(req, ['sort_by', 'sort_order', 'page', 'per_page']);
      const sortBy = req.query.get('sort_by') ?? 'id';
      const key = SORTS[sortBy];
      if (!key) throw invalid('sort_by must be id, subject or deleted_at');
      const order = req.query.get('sort_order') ?? 'asc';
      if (order !== 'asc' && order !== 'desc') throw invalid('sort_order must be asc or desc');
      const paging = offsetPaging(req);
      const sign = order === 'asc' ? 1 : -1;
      const rows = [...store.tickets.values()]
        .filter((t) => t.deleted)
        .sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          return (x < y ? -1 : x > y ? 1 : a.id - b.id) * sign;
        })
        .map(renderDeletedTicket);
      return { status: 200, body: offsetPage(ctx, req, 'deleted_tickets', rows, paging) };
    },
    listLimits,
  );

  const permanently = (req: SimRequest, ids: number[], now: number) => {
    const job = enqueue(ctx, 'ticketPermanentDeletion', ids, now);
    const unready = ids.filter(
      (id) => !store.tickets.get(id)?.deleted && !store.jobs.softDeletionPending(id, now),
    );
    if (unready.length > 0)
      ctx.journal.flag(
        req.method,
        req.path,
        `permanent deletion of ${unready.length} ticket(s) not soft-deleted`,
      );
    return {
      status: 200,
      body: { job_status: renderJob(job, store.jobs.stateOf(job, now), baseOf(ctx, req)) },
    };
  };

  api.on('DELETE', '/api/v2/deleted_tickets/destroy_many', (req, now) => {
    allowOnly(req, ['ids']);
    return permanently(req, idList(req, 'ids'), now);
  });

  api.on('DELETE', '/api/v2/deleted_tickets/{id}', (req, now) => {
    allowOnly(req, []);
    return permanently(req, [idParam(req.params[0], 'ticket_id')], now);
  });
}
