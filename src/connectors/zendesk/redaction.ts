import type { ZendeskComment } from './schemas';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The body of a `comment_redactions` call that redacts a whole comment (docs/zendesk-api.md §7.2): its
 * HTML with every text between tags wrapped in `<redact>`, and every attachment's URL. A comment without
 * HTML is sent as one redacted paragraph of its text.
 */
export function redactionOf(comment: ZendeskComment): {
  html_body: string;
  external_attachment_urls?: string[];
} {
  const html = comment.html_body?.trim()
    ? comment.html_body.replace(/>([^<]*\S[^<]*)</g, (_, text: string) => `><redact>${text}</redact><`)
    : `<p><redact>${escapeHtml(comment.plain_body ?? comment.body ?? '')}</redact></p>`;
  // Text outside any tag (an HTML body that is bare text) is wrapped whole.
  const wrapped = html.includes('<redact>') ? html : `<redact>${html}</redact>`;
  const urls = (comment.attachments ?? [])
    .filter((a) => a.file_name !== 'redacted.txt' && a.content_url)
    .map((a) => a.content_url as string);
  return { html_body: wrapped, ...(urls.length > 0 ? { external_attachment_urls: urls } : {}) };
}
