import type { ErasureSummary } from '../client';
import { erasureStatus } from '../client/listing';
import { platformIds } from '../domain/platforms';
import { inline } from '../domain/printable';
import type { DerivedMatchSummary, ErasureProgress, PlatformCounts } from '../domain/progress';
import { describeReason } from '../domain/verdict';
import { COLUMNS, elapsedLine, shortId, toMinute, toSecond, wrapToWidth } from './words';

/** The per-platform counts, with the short words that keep the table in 80 columns (`--json` has the fields). */
const COUNT_COLUMNS = [
  ['discovered', 'found'],
  ['active', 'open'],
  ['held', 'held'],
  ['queued', 'queued'],
  ['submitted', 'sent'],
  ['confirmed', 'erased'],
  ['remaining', 'remaining'],
  ['failed', 'failed'],
] as const satisfies ReadonlyArray<readonly [keyof PlatformCounts, string]>;

/** What status needs besides the progress: the time now, and the length of a day (compressed clocks). */
export interface StatusView {
  readonly now: Date;
  readonly dayMs: number;
}

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
export function renderProgress(
  workflowId: string,
  p: ErasureProgress,
  execution: string,
  view?: StatusView,
): string[] {
  const since = p.timeline.at(-1)?.at;
  const running = execution === 'RUNNING';
  const out = [
    workflowId,
    `request   ${p.requestId}${running ? '' : `  (${erasureStatus(execution, p.phase)})`}`,
    `phase     ${p.phase}${since ? ` since ${toSecond(since)}` : ''}`,
    `deadline  ${toSecond(p.deadline.deadline)}${
      p.overdue
        ? '  OVERDUE'
        : p.deadline.expectedCompletion
          ? `  expected ${toSecond(p.deadline.expectedCompletion)} (${p.deadline.meetsDeadline ? 'meets it' : 'LATE'})`
          : ''
    }`,
  ];
  const started = p.timeline[0]?.at;
  const until = running || !since ? view?.now : new Date(since);
  const elapsed = view && started && until ? elapsedLine(started, until, view.dayMs) : undefined;
  if (elapsed) out.push(elapsed);
  const platforms = platformIds.filter((id) => p.platforms[id]);
  out.push(
    '',
    ...table(
      ['platform', ...COUNT_COLUMNS.map(([, header]) => header)],
      platforms.map((id) => [
        id,
        ...COUNT_COLUMNS.map(([field]) => String((p.platforms[id] as PlatformCounts)[field])),
      ]),
    ),
  );
  // Only a completed erasure searched everywhere: one cancelled or stopped early may not have.
  if (p.outcome === 'completed' && foundNothing(p))
    out.push('', 'found        nothing of this subject on any platform in scope: nothing to erase');
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
  if (p.nextCheckAt) out.push(`next check   ${toSecond(p.nextCheckAt)}`);
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
  return wrapToWidth(out.map(inline));
}

/**
 * Records reached only through identifiers the requester never gave (issue 15): each group by name,
 * platform, record counts, how it was reached (kinds and platforms, never a value) and where it stands
 * (`planned`: a dry run's, where nothing waits; `ended`: what still waited was never erased).
 */
export function derivedMatchLines(
  matches: readonly DerivedMatchSummary[],
  mode: 'running' | 'planned' | 'ended' = 'running',
): string[] {
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
        : {
            running: 'WAITS for confirmation',
            planned: 'WOULD WAIT for confirmation',
            ended: 'NEVER CONFIRMED, not erased',
          }[mode];
    // A chain too long for one line takes a line per step.
    const via = `        via ${m.chain}`;
    const chain =
      via.length <= COLUMNS
        ? [via]
        : m.chain.split(' → ').map((step, i) => (i === 0 ? `        via ${step}` : `          → ${step}`));
    return [`  ${m.ref.padEnd(5)} ${m.platform}: ${records}: ${stands}`, ...chain];
  });
  const ask =
    waiting.length === 0 || mode === 'ended'
      ? []
      : mode === 'planned'
        ? ['  a real run erases the rest and waits for: lethe confirm <erasure> --by <you> [--exclude …]']
        : [`  confirm with: lethe confirm <erasure> --by <you> [--exclude ${waiting.join(',')}]`];
  return [
    '',
    `derived matches (reached through identifiers the requester never gave)`,
    ...lines.flat(),
    ...ask,
  ];
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

/**
 * `list` as a table; its status says how an ended erasure ended (cancelled, not "completed"). Ids are
 * shortened and times cut to the minute to fit 80 columns; `wide` shows whole ids and the platforms.
 */
export function renderList(rows: readonly ErasureSummary[], wide = false): string[] {
  if (rows.length === 0) return ['no erasure matches'];
  const header = ['erasure', 'status', 'deadline', 'started', 'attn'];
  return table(
    wide ? [...header, 'platforms'] : header,
    rows.map((r) =>
      [
        wide ? r.workflowId : shortId(r.workflowId),
        erasureStatus(r.execution, r.status),
        r.deadline ? toMinute(r.deadline).slice(0, 10) : '',
        toMinute(r.startedAt),
        r.needsAttention ? 'YES' : '',
        ...(wide ? [r.platforms.join(',')] : []),
      ].map(inline),
    ),
  ).concat(wide ? [] : ['(ids shortened: --wide or --json shows them whole)']);
}

/** Whether an erasure ended having found nothing at all on any platform (and none failed). */
export function foundNothing(p: ErasureProgress): boolean {
  const counts = platformIds.flatMap((id) => (p.platforms[id] ? [p.platforms[id]] : []));
  return (
    counts.every((c) => c.discovered === 0) &&
    Object.keys(p.failedPlatforms).length === 0 &&
    (p.derivedMatches ?? []).length === 0
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
