import type { CertifiedSystem, ErasureCertificate } from '../domain/certificate';
import { utc, words } from '../domain/current-details';
import { type PlatformId, platformIds, platformNames } from '../domain/platforms';
import { printable } from '../domain/printable';
import type { DerivedMatchSummary } from '../domain/progress';
import { deadlineVerdict, describeReason } from '../domain/verdict';
import type { SignedCertificate } from './signing';

/**
 * Text for the page: markup escaped, and what a browser would not show as it is (control characters,
 * which HTML maps oddly or drops, and the bidirectional overrides that reorder what an auditor reads)
 * shown as `\uXXXX`. A line break is kept: it is ordinary white space on the page.
 */
const escapeHtml = (s: unknown): string =>
  printable(String(s)).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const row = (cells: unknown[], tag = 'td'): string =>
  `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
const table = (head: string[], rows: unknown[][]): string =>
  rows.length === 0
    ? '<p class="none">none</p>'
    : `<table>${row(head, 'th')}${rows.map((r) => row(r)).join('')}</table>`;

/** An instant as people read it, to the second in UTC; anything else as it is. */
const when = (iso: string | undefined): string => (iso === undefined ? '' : utc(iso));

/** A record kind in words: `externalContact` → `external contact`. */
const kindWords = (kind: string): string => kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** A platform as people name it. */
const systemName = (name: string): string =>
  platformIds.includes(name as PlatformId) ? platformNames[name as PlatformId] : name;

/** A system's verdict in words (format 1 certificates carry none). */
const VERDICTS: Record<string, string> = {
  erased: 'every record found verified gone',
  erased_except_held: 'every record found verified gone, except those the platform holds (below)',
  incomplete: 'INCOMPLETE: not every record found was verified gone',
};

function system(name: string, s: CertifiedSystem): string {
  const erased = Object.entries(s.erased).map(([kind, set]) => [kindWords(kind), set?.count ?? 0]);
  const verdict =
    s.verdict === undefined
      ? ''
      : `<p class="${s.verdict === 'incomplete' ? 'failure' : 'verdict'}">${escapeHtml(VERDICTS[s.verdict] ?? s.verdict)}</p>`;
  return `<section><h2>${escapeHtml(systemName(name))}</h2>${verdict}
<h3>Records erased: ${escapeHtml(s.erasedCount)}</h3>${table(['kind', 'records'], erased)}
<h3>Deletion requests</h3>${table(
    ['request', 'kind', 'records', 'sent', 'closed', 'verifications', 'note'],
    s.requests.map((q) => [
      q.requestId,
      kindWords(q.kind),
      q.records,
      when(q.submittedAt),
      q.closedAt ? when(q.closedAt) : 'open',
      q.verifications.map((v) => `${when(v.at)} ${v.requestStatus}: ${v.present} present`).join('; '),
      [
        q.note,
        q.lostAnswer ? `${q.lostAnswer.note} (could be: ${q.lostAnswer.candidates.join(', ')})` : undefined,
      ]
        .filter(Boolean)
        .join('; '),
    ]),
  )}
<h3>Still present</h3>${table(
    ['kind', 'record digest'],
    s.stillPresent.map((r) => [kindWords(r.kind), r.record]),
  )}
<h3>Held by the platform</h3>${table(
    ['kind', 'record digest', 'reason', 'since', 'last seen', 'released'],
    s.held.map((h) => [
      kindWords(h.kind),
      h.record,
      h.reason,
      when(h.since),
      when(h.lastSeen),
      h.releasedAt ? when(h.releasedAt) : 'still held: not erased',
    ]),
  )}
<h3>What ${escapeHtml(systemName(name))} keeps after erasure, and why</h3>${
    s.retained.length === 0
      ? '<p class="none">nothing it names</p>'
      : `<ul>${s.retained.map((r) => `<li>${escapeHtml(r.data)}: ${escapeHtml(r.reason)}</li>`).join('')}</ul>`
  }
${s.failure ? `<p class="failure">Work on this system stopped while ${escapeHtml(s.failure.step)}: ${escapeHtml(s.failure.type)} at ${escapeHtml(when(s.failure.at))}</p>` : ''}
</section>`;
}

/** A page for a certificate that was not verified says so first, in red, before anything it claims. */
const NOT_VERIFIED = `<p class="unverified">NOT VERIFIED: this page was rendered without checking the signature. Anyone can write a file like this; check it with <code>lethe verify-certificate</code> and the public key before relying on it.</p>`;

/**
 * The certificate as a page for auditors: the same content as the signed JSON, which is the proof.
 * `unverified`: rendered without checking the signature, and stamped so.
 */
export function renderCertificateHtml(
  signed: SignedCertificate,
  options: { unverified?: boolean } = {},
): string {
  const stamp = options.unverified ? NOT_VERIFIED : '';
  const c = signed.certificate;
  const metOrNot = deadlineVerdict(c.outcome, c.deadline.meetsDeadline);
  const systems = Object.entries(c.systems)
    .map(([name, s]) => (s ? system(name, s) : ''))
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${options.unverified ? 'NOT VERIFIED: ' : ''}Erasure certificate ${escapeHtml(c.requestId)}</title>
<style>${STYLE}</style>
</head><body>
${stamp}<h1>Certificate of erasure</h1>
${verdictBox(c)}
<table>
${row(['Request', c.requestId])}
${row(['Subject (keyed digest)', c.subjectRef])}
${c.requestedBy !== undefined ? row(['Requested by', c.requestedBy]) : ''}
${c.requestReason !== undefined ? row(['Ground', c.requestReason]) : ''}
${row(['Outcome', c.outcome + (c.stoppedAtHardStop ? ' (at the hard stop)' : '')])}
${(c.reasons ?? []).length > 0 ? row(['Incomplete because', (c.reasons ?? []).map(describeReason).join('; ')]) : ''}
${row(['Received', when(c.receivedAt)])}
${row(['Finished', when(c.finishedAt)])}
${row(['Deadline', `${when(c.deadline.deadline)}${metOrNot ? ` (${metOrNot})` : ''}`])}
${row(['Issued', when(c.issuedAt)])}
${(c.linkedRequests ?? []).length > 0 ? row(['Also covers requests', (c.linkedRequests ?? []).map((l) => `${l.requestId} (${l.by}, ${l.at})`).join('; ')]) : ''}
${row([
  'Identifiers',
  Object.entries(c.identifiers)
    .map(([p, n]) => `${n} from ${p}`)
    .join(', '),
])}
</table>
<h2>Timeline</h2>${table(
    ['phase', 'at'],
    c.timeline.map((t) => [words(t.phase), when(t.at)]),
  )}
${systems}
${derivedMatchesSection(c.derivedMatches ?? [])}
<h2>Warehouse copies</h2>${table(
    ['pass', 'target', 'table', 'action', 'rows', 'left', 'freed space', 'at'],
    c.downstream.flatMap((p) =>
      p.tables.map((t) => [
        p.pass,
        t.target,
        t.table,
        t.action,
        t.rows,
        t.error ? `failed: ${t.error}` : t.remaining,
        t.reclaim
          ? `${t.reclaim.step}: ${t.reclaim.ok ? t.reclaim.freedSpace : `FAILED (${t.reclaim.error ?? 'no reason given'})`}`
          : '—',
        when(t.at),
      ]),
    ),
  )}${retainedUntilRotation(c)}
<h2>Legal holds</h2>${table(
    ['by', 'reason', 'placed', 'released'],
    c.holds.map((h) => [h.by, h.reason, when(h.placedAt), h.releasedAt ? when(h.releasedAt) : 'in place']),
  )}
${c.cancellation ? `<h2>Cancelled</h2><p>by ${escapeHtml(c.cancellation.by)} at ${escapeHtml(when(c.cancellation.at))}: ${escapeHtml(c.cancellation.reason)}</p>` : ''}
<h2>Signature</h2><p>Ed25519, key <code>${escapeHtml(signed.signature.keyId)}</code>: <code>${escapeHtml(signed.signature.value)}</code></p>
<p>This page renders the signed JSON certificate; the JSON file is the proof. Check it with <code>lethe verify-certificate</code> and the public key.</p>
</body></html>
`;
}

/** What the warehouses keep beyond Lethe's reach until their own rotation (WAL, backups), once per target. */
function retainedUntilRotation(c: ErasureCertificate): string {
  const byTarget = new Map<string, readonly string[]>();
  for (const pass of c.downstream)
    for (const t of pass.tables) if (t.reclaim) byTarget.set(t.target, t.reclaim.retainedUntilRotation);
  if (byTarget.size === 0) return '';
  const items = [...byTarget].map(
    ([target, kept]) => `<li>${escapeHtml(target)}: ${escapeHtml(kept.join('; '))}</li>`,
  );
  return `<p>Retained until their own rotation, beyond Lethe's reach:</p><ul>${items.join('')}</ul>`;
}

/** Records reached only through identifiers the requester never gave, and who decided (issue 15). */
function derivedMatchesSection(matches: readonly DerivedMatchSummary[]): string {
  if (matches.length === 0) return '';
  const stands = (m: DerivedMatchSummary): string =>
    m.decision
      ? `${m.decision.confirmed ? 'confirmed' : 'excluded, not erased'} by ${m.decision.by} at ${when(m.decision.at)}${m.decision.reason ? `: ${m.decision.reason}` : ''}`
      : m.reach === 'auto'
        ? 'erased with the rest under the expansion policy'
        : 'never confirmed: not erased';
  return `<h2>Derived matches</h2><p>Records reached only through identifiers the requester never gave.</p>${table(
    ['match', 'system', 'records', 'reached through', 'decision'],
    matches.map((m) => [
      m.ref,
      systemName(m.platform),
      Object.entries(m.records)
        .map(([kind, n]) => `${n} ${kindWords(kind)}`)
        .join(', '),
      m.chain,
      stands(m),
    ]),
  )}`;
}

/**
 * The page's look: one column that reads on a phone, long ids and digests wrapped instead of scrolled,
 * and a print stylesheet (black on white, no row split across pages, the verdict kept with the title).
 */
const STYLE = [
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.4}',
  'table{border-collapse:collapse;width:100%;margin:.5rem 0}',
  'th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;font-size:.9rem;vertical-align:top;overflow-wrap:anywhere}',
  'th{background:#f3f3f3}.none{color:#777}.failure{color:#a00}code{overflow-wrap:anywhere}',
  '.verdict-box{font-size:1.3rem;font-weight:bold;padding:.8rem 1rem;margin:1rem 0;border:3px solid}',
  '.erased{border-color:#2a7a2a;color:#1d5e1d}.not-erased{border-color:#a00;color:#a00}',
  '.unverified{border:4px solid #a00;color:#a00;font-size:1.4rem;font-weight:bold;padding:1rem}',
  '@media (max-width:30rem){body{margin:1rem auto}th,td{font-size:.8rem;padding:.2rem .3rem}}',
  '@media print{body{max-width:none;margin:0;color:#000}th{background:none}tr,li,.verdict-box{break-inside:avoid}h1,h2,h3{break-after:avoid}.erased,.not-erased{color:#000}}',
].join('');

/**
 * The verdict first, in words: erased everywhere (or everywhere but what a platform holds), incomplete,
 * or cancelled; and whether the deadline was met. Never stronger than the outcome.
 */
function verdictBox(c: ErasureCertificate): string {
  const held = Object.values(c.systems).some((s) => s?.verdict === 'erased_except_held');
  // Records an operator excluded as someone else's were found and not erased: the verdict says so.
  const excluded = (c.derivedMatches ?? [])
    .filter((m) => m.decision?.confirmed === false)
    .reduce((n, m) => n + Object.values(m.records).reduce((a, b) => a + (b ?? 0), 0), 0);
  const but =
    excluded > 0 ? `; ${excluded} record${excluded === 1 ? '' : 's'} excluded as someone else's (below)` : '';
  const verdict = deadlineVerdict(c.outcome, c.deadline.meetsDeadline);
  const deadline = verdict ? ` · deadline ${verdict}` : '';
  const [cls, text] =
    c.outcome === 'completed'
      ? [
          'erased',
          `${held ? 'Erased everywhere, except what a platform holds (named below)' : 'Erased everywhere it was found'}${but}`,
        ]
      : c.outcome === 'cancelled'
        ? [
            'not-erased',
            `CANCELLED${c.cancellation ? ` by ${c.cancellation.by}` : ''}: stopped before it finished`,
          ]
        : c.outcome === 'planned'
          ? ['not-erased', 'A DRY RUN: nothing was erased']
          : ['not-erased', 'INCOMPLETE: not everything found was verified gone'];
  return `<p class="verdict-box ${cls}">${escapeHtml(text)}${deadline}</p>`;
}
