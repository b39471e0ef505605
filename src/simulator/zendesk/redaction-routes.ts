import { redactHtml } from './comment-html';
import { baseOf, invalid, notFound, type ZendeskContext } from './context';
import type { StoredAttachment, StoredComment } from './records';
import { contentUrl, renderComment } from './render';
import { newAttachmentToken } from './store';
import type { SupportApi } from './support-http';
import { allowOnly, idParam } from './support-query';

const FIELDS = ['ticket_id', 'html_body', 'external_attachment_urls'];

/**
 * Agent Workspace redaction (§7.2, R15): `PUT /api/v2/comment_redactions/{comment_id}` with the
 * comment's ticket, its HTML with `<redact>` tags added, and/or the `content_url`s of its attachments
 * to replace with an empty `redacted.txt`. Closed tickets are accepted; a soft-deleted one is a 404.
 */
export function redactionRoutes(api: SupportApi, ctx: ZendeskContext): void {
  api.on('PUT', '/api/v2/comment_redactions/{id}', (req, now) => {
    allowOnly(req, []);
    const commentId = idParam(req.params[0], 'ticket_comment_id');
    const body = parseBody(req.body);
    const comment = ctx.store.comments.get(commentId);
    if (!comment) throw notFound();
    if (comment.ticketId !== body.ticketId) throw invalid("ticket_id is not the comment's ticket");
    const ticket = ctx.store.tickets.get(comment.ticketId);
    if (!ticket || ticket.deleted) throw notFound();
    // Everything is checked before anything changes: a refused redaction redacts nothing.
    const html = body.htmlBody === undefined ? comment.htmlBody : redactHtml(comment.htmlBody, body.htmlBody);
    const attachments = (body.urls ?? []).map((url) => attachmentAt(comment, url));
    comment.htmlBody = html;
    for (const a of attachments) {
      a.fileName = 'redacted.txt';
      a.contentType = 'text/plain';
      a.size = 0;
      a.token = newAttachmentToken();
    }
    ticket.updatedAt = now;
    return { status: 200, body: { comment: renderComment(comment, baseOf(ctx, req)) } };
  });
}

function parseBody(raw: unknown): { ticketId: number; htmlBody?: string; urls?: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid('the body must be a JSON object');
  const body = raw as Record<string, unknown>;
  const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0)
    throw invalid(`unknown body field(s): ${unknown.map((k) => k.slice(0, 40)).join(', ')}`);
  const { ticket_id: ticketId, html_body: htmlBody, external_attachment_urls: urls } = body;
  if (typeof ticketId !== 'number' || !Number.isSafeInteger(ticketId) || ticketId < 1)
    throw invalid('ticket_id is required and must be an integer');
  if (htmlBody !== undefined && typeof htmlBody !== 'string') throw invalid('html_body must be a string');
  if (urls !== undefined && (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string')))
    throw invalid('external_attachment_urls must be an array of strings');
  if (htmlBody === undefined && (urls === undefined || urls.length === 0))
    throw invalid('html_body or external_attachment_urls is required');
  return {
    ticketId,
    ...(htmlBody !== undefined ? { htmlBody } : {}),
    ...(urls !== undefined ? { urls: urls as string[] } : {}),
  };
}

/** The comment's attachment a `content_url` names (compared without its origin: hosts may differ). */
function attachmentAt(comment: StoredComment, url: string): StoredAttachment {
  const local = (u: string): string | undefined => {
    try {
      const parsed = new URL(u);
      return `${parsed.pathname}${parsed.search}`;
    } catch {
      return undefined;
    }
  };
  const wanted = local(url);
  if (wanted === undefined) throw invalid('external_attachment_urls holds something that is not a URL');
  const found = comment.attachments.find((a) => local(contentUrl(a, 'http://zendesk')) === wanted);
  if (!found) throw invalid("external_attachment_urls names an attachment that is not this comment's");
  return found;
}
