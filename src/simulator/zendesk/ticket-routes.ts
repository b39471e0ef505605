import { baseOf, invalid, notFound, type ZendeskContext } from './context';
import { enqueue } from './jobs-http';
import { renderComment, renderJob, renderTicket } from './render';
import type { SupportApi } from './support-http';
import { allowOnly, idList, idParam, offsetPage, offsetPaging } from './support-query';

const MINUTE = 60_000;

/** Tickets (§3.3, §4, §7.1): show, show many, comments, and soft deletion one by one or as a job. */
export function ticketRoutes(api: SupportApi, ctx: ZendeskContext): void {
  const { store } = ctx;

  api.on('GET', '/api/v2/tickets/show_many', (req) => {
    allowOnly(req, ['ids']);
    const base = baseOf(ctx, req);
    // Soft-deleted and unknown tickets are left out.
    const tickets = idList(req, 'ids').flatMap((id) => store.activeTicket(id) ?? []);
    return { status: 200, body: { tickets: tickets.map((t) => renderTicket(t, base)) } };
  });

  api.on('GET', '/api/v2/tickets/{id}', (req) => {
    allowOnly(req, []);
    const ticket = store.activeTicket(idParam(req.params[0], 'ticket_id'));
    if (!ticket) throw notFound();
    return { status: 200, body: { ticket: renderTicket(ticket, baseOf(ctx, req)) } };
  });

  api.on('GET', '/api/v2/tickets/{id}/comments', (req) => {
    allowOnly(req, ['page', 'per_page', 'sort_order', 'include_inline_images']);
    const ticket = store.activeTicket(idParam(req.params[0], 'ticket_id'));
    if (!ticket) throw notFound();
    const order = req.query.get('sort_order') ?? 'asc';
    if (order !== 'asc' && order !== 'desc') throw invalid('sort_order must be asc or desc');
    const inline = req.query.get('include_inline_images');
    if (inline !== null && inline !== 'true' && inline !== 'false')
      throw invalid('include_inline_images must be true or false');
    const paging = offsetPaging(req);
    const base = baseOf(ctx, req);
    const comments = ticket.comments.map((c) => renderComment(c, base));
    if (order === 'desc') comments.reverse();
    return { status: 200, body: offsetPage(ctx, req, 'comments', comments, paging) };
  });

  api.on('DELETE', '/api/v2/tickets/destroy_many', (req, now) => {
    allowOnly(req, ['ids']);
    const job = enqueue(ctx, 'ticketSoftDeletion', idList(req, 'ids'), now);
    return {
      status: 200,
      body: { job_status: renderJob(job, store.jobs.stateOf(job, now), baseOf(ctx, req)) },
    };
  });

  api.on(
    'DELETE',
    '/api/v2/tickets/{id}',
    (req, now) => {
      allowOnly(req, []);
      // A soft-deleted ticket is a 404 here, as an unknown one is (R6).
      const ticket = store.activeTicket(idParam(req.params[0], 'ticket_id'));
      if (!ticket) throw notFound();
      store.softDeleteTicket(ticket, now);
      return { status: 204 };
    },
    () => [{ key: 'ticketDeletes', limit: ctx.options.ticketDeletesPerMinute, windowMs: MINUTE }],
  );
}
