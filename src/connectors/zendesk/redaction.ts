import type { ZendeskComment } from './schemas';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The body of a `comment_redactions` call that redacts a whole comment (docs/zendesk-api.md §7.2): its
 * HTML with every text between tags wrapped in `<redact>`, every image and link marked with the `redact`
 * attribute (their addresses are data too), and every attachment's URL. A comment without HTML is sent
 * as one redacted paragraph of its text.
 */
export function redactionOf(comment: ZendeskComment): {
  html_body: string;
  external_attachment_urls?: string[];
} {
  const source = comment.html_body?.trim()
    ? comment.html_body
    : `<p>${escapeHtml(comment.plain_body ?? comment.body ?? '')}</p>`;
  // Tags and the text between them, in order: every non-blank text redacted, every image and link marked.
  const wrapped = source
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) return part.replace(/^<(a|img)\b(?![^>]*\sredact\b)/i, '<$1 redact');
      return part.trim() === '' ? part : `<redact>${part}</redact>`;
    })
    .join('');
  const urls = (comment.attachments ?? [])
    .filter((a) => a.file_name !== 'redacted.txt' && a.content_url)
    .map((a) => a.content_url as string);
  return { html_body: wrapped, ...(urls.length > 0 ? { external_attachment_urls: urls } : {}) };
}
