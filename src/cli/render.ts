import type { ErasureSummary } from '../client';
import { platformIds } from '../domain/platforms';
import { inline } from '../domain/printable';
import type { DerivedMatchSummary, ErasureProgress, PlatformCounts } from '../domain/progress';
import { describeReason } from '../domain/verdict';
import { erasureStatus } from '../erasure-list';

const COUNT_COLUMNS = [
  'discovered',
  'active',
  'held',
  'queued',
  'submitted',
  'confirmed',
  'remaining',
  'failed',
] as const satisfies ReadonlyArray<keyof PlatformCounts>;

/** Left-aligned columns, two spaces apart; numbers right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (/^\d+$/.test(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * The whole status of one erasure, as `status` prints it and `watch` redraws it. Every line is one line:
 * a line break in the data (a reason, a platform's message) is shown escaped, never obeyed.
 */
export function renderProgress(workflowId: string, p: ErasureProgress, execution: string): string[] {
  const since = p.timeline.at(-1)?.at;
  const out = [
    `${workflowId}  request ${p.requestId}${execution === 'RUNNING' ? '' : `  (${erasureStatus(execution, p.phase)})`}`,
    `phase     ${p.phase}${since ? ` since ${since}` : ''}`,
    `deadline  ${p.deadline.deadline}${
      p.overdue
        ? '  OVERDUE'
        : p.deadline.expectedCompletion
          ? `  expected ${p.deadline.expectedCompletion} (${p.deadline.meetsDeadline ? 'meets it' : 'LATE'})`
          : ''
    }`,
  ];
  const platforms = platformIds.filter((id) => p.platforms[id]);
  out.push(
    '',
    ...table(
      ['platform', ...COUNT_COLUMNS],
      platforms.map((id) => [
        id,
        ...COUNT_COLUMNS.map((c) => String((p.platforms[id] as PlatformCounts)[c])),
      ]),
    ),
  );
  const idCount = Object.values(p.identifiers).reduce((a, b) => a + b, 0);
  const provenance = Object.entries(p.identifiers)
    .map(([from, n]) => `${from} ${n}`)
    .join(', ');
  out.push('', `identifiers  ${idCount}${provenance ? ` (${provenance})` : ''}`);
  out.push(...derivedMatchLines(p.derivedMatches ?? []));
  for (const [platform, f] of Object.entries(p.failedPlatforms))
    if (f) out.push(`FAILED       ${platform} while ${f.step}: ${f.type}: ${f.message}`);
  if (p.needsAttention)
    out.push(
      `ATTENTION    ${p.needsAttention.platform} since ${p.needsAttention.since}: ${p.needsAttention.message} (fix it, then: lethe retry)`,
    );
  for (const h of p.holds)
    out.push(
      h.releasedAt
        ? `hold         placed by ${h.by} ${h.placedAt}, released by ${h.releasedBy ?? '?'} ${h.releasedAt}`
        : `ON HOLD      by ${h.by} since ${h.placedAt}: ${h.reason}`,
    );
  for (const [platform, until] of Object.entries(p.quotaWaits))
    if (until) out.push(`quota        ${platform} spent until ${until}`);
  if (p.nextCheckAt) out.push(`next check   ${p.nextCheckAt}`);
  if (p.lastError)
    out.push(
      `last error   ${p.lastError.platform} ${p.lastError.at}: ${p.lastError.type}: ${p.lastError.message}`,
    );
  if (p.cancellation)
    out.push(`cancelled    by ${p.cancellation.by} at ${p.cancellation.at}: ${p.cancellation.reason}`);
  if (p.outcome) {
    out.push(`outcome      ${p.outcome === 'incomplete' ? 'INCOMPLETE' : p.outcome}`);
    for (const r of p.reasons ?? []) out.push(`  because    ${describeReason(r)}`);
  }
  return out.map(inline);
}

/**
 * Records reached only through identifiers the requester never gave (issue 15): each group by name,
 * platform, record counts, how it was reached (kinds and platforms, never a value) and where it stands
 * (`planned`: a dry run's, where nothing waits and nothing is decided).
 */
export function derivedMatchLines(matches: readonly DerivedMatchSummary[], planned = false): string[] {
  if (matches.length === 0) return [];
  const waiting = matches.filter((m) => m.reach === 'confirm' && !m.decision).map((m) => m.ref);
  const lines = matches.map((m) => {
    const records = Object.entries(m.records)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    const stands = m.decision
      ? `${m.decision.confirmed ? 'confirmed' : 'EXCLUDED, not erased'} by ${m.decision.by} ${m.decision.at}`
      : m.reach === 'auto'
        ? 'erased with the rest (policy)'
        : planned
          ? 'WOULD WAIT for confirmation'
          : 'WAITS for confirmation';
    return `  ${m.ref.padEnd(5)} ${m.platform}: ${records} via ${m.chain}: ${stands}`;
  });
  const ask =
    waiting.length === 0
      ? []
      : planned
        ? ['  a real run erases the rest and waits for: lethe confirm <erasure> --by <you> [--exclude …]']
        : [`  confirm with: lethe confirm <erasure> --by <you> [--exclude ${waiting.join(',')}]`];
  return ['', `derived matches (reached through identifiers the requester never gave)`, ...lines, ...ask];
}

/** One line per change for `watch` without a terminal: phase and confirmed/discovered per platform. */
export function progressLine(p: ErasureProgress): string {
  const counts = platformIds
    .filter((id) => p.platforms[id])
    .map((id) => {
      const c = p.platforms[id] as PlatformCounts;
      return `${id} ${c.confirmed}/${c.discovered}${c.active ? ` (${c.active} open)` : ''}${c.held ? ` (${c.held} held)` : ''}`;
    })
    .join('  ');
  return inline(
    `${p.phase}  ${counts}${p.needsAttention ? '  NEEDS ATTENTION' : ''}${p.holds.some((h) => !h.releasedAt) ? '  ON HOLD' : ''}`,
  );
}

/** `list` as a table; its status says how an ended erasure ended (cancelled, not "completed"). */
export function renderList(rows: readonly ErasureSummary[]): string[] {
  if (rows.length === 0) return ['no erasure matches'];
  return table(
    ['workflow id', 'status', 'deadline', 'platforms', 'attention', 'started'],
    rows.map((r) =>
      [
        r.workflowId,
        erasureStatus(r.execution, r.status),
        r.deadline ?? '',
        r.platforms.join(','),
        r.needsAttention ? 'YES' : '',
        r.startedAt,
      ].map(inline),
    ),
  );
}

/**
 * Whether an ended erasure erased everything it found: what `watch` exits 0 on. Completed means every
 * record verified gone or named as held by the platform with its reason (DESIGN §11); held records are
 * shown, never counted as erased.
 */
export function erasedEverything(p: ErasureProgress): boolean {
  if (p.phase === 'planned') return true;
  return p.phase === 'completed' && p.outcome === 'completed' && (p.reasons ?? []).length === 0;
}
