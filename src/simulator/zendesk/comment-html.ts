import { ContractError } from '../kit/http';

/** What redacted characters become (AE-tickets, AE-cr). */
export const REDACTED = '\u2587';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A comment's HTML as Zendesk renders a plain-text comment: escaped, lines broken by `<br>`. */
export function htmlOf(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c).replace(/\r?\n/g, '<br>');
  return `<div class="zd-comment" dir="auto">${escaped}</div>`;
}

/** The plain text of a comment's HTML (its `body` and `plain_body`). */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, ''));
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|#39|apos|nbsp);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return String.fromCodePoint(Number.parseInt(k.slice(2), 16));
    if (k.startsWith('#')) return String.fromCodePoint(Number(k.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }[k] ?? '';
  });
}

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const REDACT_OPEN = /^<redact\s*>$/i;
const REDACT_CLOSE = /^<\/redact\s*>$/i;
const REDACT_ATTRIBUTE = /\sredact(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?(?=[\s/>])/i;

const invalid = (message: string): ContractError => new ContractError(400, `html_body: ${message}`);

/**
 * Applies a `comment_redactions` `html_body` (R15) to a comment's HTML: the body must be the comment's
 * own HTML with `<redact>` tags (or `redact` attributes) added, and at least one of them; text inside
 * `<redact>` becomes ▇ character for character, an element with the attribute loses its tag. Throws
 * a 400 naming what is wrong, never quoting the text (it is personal data).
 */
export function redactHtml(current: string, marked: string): string {
  const tokens = marked.match(/<[^>]*>|[^<]+/g) ?? [];
  let marks = 0;
  let depth = 0;
  const unmarked: string[] = [];
  const out: string[] = [];
  const open: Array<{ name: string; drop: boolean }> = [];
  for (const token of tokens) {
    if (REDACT_OPEN.test(token)) {
      marks += 1;
      depth += 1;
      continue;
    }
    if (REDACT_CLOSE.test(token)) {
      depth -= 1;
      if (depth < 0) throw invalid('a </redact> closes no <redact>');
      continue;
    }
    if (!token.startsWith('<')) {
      unmarked.push(token);
      out.push(depth > 0 ? REDACTED.repeat([...decodeEntities(token)].length) : token);
      continue;
    }
    const name = /^<\/?\s*([a-z][\w-]*)/i.exec(token)?.[1]?.toLowerCase() ?? '';
    const drop = REDACT_ATTRIBUTE.test(token) && !token.startsWith('</');
    if (drop) marks += 1;
    unmarked.push(drop ? token.replace(REDACT_ATTRIBUTE, '') : token);
    if (token.startsWith('</')) {
      const at = open.map((o) => o.name).lastIndexOf(name);
      const opened = at >= 0 ? open.splice(at)[0] : undefined;
      if (!opened?.drop) out.push(token);
    } else {
      if (!VOID.has(name) && !token.endsWith('/>')) open.push({ name, drop });
      if (!drop) out.push(token);
    }
  }
  if (depth !== 0) throw invalid('a <redact> is not closed');
  if (marks === 0) throw invalid('holds no <redact> tag and no redact attribute');
  if (unmarked.join('') !== current) throw invalid("is not the comment's html_body with <redact> tags added");
  return out.join('');
}
