import { platformIds, type RecordKind } from '../domain/platforms';
import { inline } from '../domain/printable';
import type { PlatformVerdict } from '../domain/progress';
import type { ErasureResult, PlatformResult } from '../domain/result';
import { deadlineVerdict, describeReason } from '../domain/verdict';
import { derivedMatchLines } from './render';
import { count, duration, toSecond, wrapToWidth } from './words';

const VERDICT: Record<PlatformVerdict, string> = {
  erased: 'everything found verified gone',
  erased_except_held: 'everything found verified gone, except what the platform holds',
  incomplete: 'INCOMPLETE',
};

const OUTCOME: Record<ErasureResult['outcome'], string> = {
  completed: 'completed: everything found was verified gone',
  incomplete: 'INCOMPLETE: not everything found was verified gone',
  cancelled: 'CANCELLED',
  planned: 'planned: a dry run, nothing was deleted (lethe plan shows it)',
};

/** `37 conversations, 1 consumer`, from a count per kind. */
const kinds = (byKind: ReadonlyMap<RecordKind, number>): string =>
  [...byKind].map(([kind, n]) => count(n, kind)).join(', ');

function tally<T extends { kind: RecordKind }>(items: readonly T[], size: (t: T) => number = () => 1) {
  const by = new Map<RecordKind, number>();
  for (const t of items) by.set(t.kind, (by.get(t.kind) ?? 0) + size(t));
  return by;
}

function platformLines(platform: string, r: PlatformResult): string[] {
  const lines = [`${platform}  ${VERDICT[r.verdict]}`];
  if (r.failure) lines.push(`  FAILED      while ${r.failure.step}: ${r.failure.type}`);
  const erased = new Map(
    Object.entries(r.erased).map(([kind, ids]) => [kind as RecordKind, (ids ?? []).length] as const),
  );
  const open = r.requests.filter((q) => q.closedAt === undefined).length;
  if (r.requests.length > 0)
    lines.push(
      `  requests    ${r.requests.length} (${kinds(tally(r.requests))})${open > 0 ? `, ${open} still open` : ''}`,
    );
  const erasedTotal = [...erased.values()].reduce((a, b) => a + b, 0);
  lines.push(`  erased      ${erasedTotal > 0 ? kinds(erased) : 'nothing'}`);
  if (r.stillPresent.length > 0) lines.push(`  STILL THERE ${kinds(tally(r.stillPresent))}`);
  if (r.stillActive.length > 0) lines.push(`  NEVER SENT  ${kinds(tally(r.stillActive))} (never closed)`);
  if (r.failedBatches.length > 0)
    lines.push(`  REFUSED     ${kinds(tally(r.failedBatches, (b) => b.ids.length))}`);
  for (const h of r.held)
    lines.push(
      h.releasedAt
        ? `  held        ${h.kind} until ${toSecond(h.releasedAt)}, then erased`
        : `  HELD        ${h.kind} by the platform, not erased: ${h.reason}`,
    );
  for (const k of r.retained) lines.push(`  kept        ${k.data}: ${k.reason}`);
  return lines;
}

/**
 * An ended erasure's result as `lethe result` prints it: the outcome and the deadline verdict, then per
 * platform what was requested, erased, is still there, held or kept; the warehouse; derived matches;
 * the reasons. Kinds and counts, never a record id or an identifier (`--json` has the ids).
 */
export function renderResult(workflowId: string, r: ErasureResult): string[] {
  const d = r.deadline;
  const out = [
    workflowId,
    `request   ${r.requestId}`,
    `outcome   ${OUTCOME[r.outcome]}`,
    `deadline  ${toSecond(d.deadline)}  ${deadlineVerdict(r.outcome, d.meetsDeadline) ?? 'none (a dry run)'}`,
    `finished  ${toSecond(r.finishedAt)}  (${duration(Date.parse(r.finishedAt) - Date.parse(r.receivedAt))} after receipt)`,
  ];
  if (r.cancellation) out.push(`cancelled by ${r.cancellation.by}: ${r.cancellation.reason}`);
  for (const platform of platformIds) {
    const p = r.platforms[platform];
    if (p) out.push('', ...platformLines(platform, p));
  }
  const tables = r.downstream.flatMap((pass) => pass.tables);
  if (tables.length > 0) {
    const rows = tables.reduce((n, t) => n + t.rows, 0);
    const failed = tables.filter((t) => t.error !== undefined || t.remaining > 0).length;
    out.push(
      '',
      `warehouse  ${count(r.downstream.length, 'pass')}, ${count(rows, 'row')} deleted or redacted${failed > 0 ? `, ${failed} table passes NOT clean` : ''}`,
    );
  }
  out.push(...derivedMatchLines(r.derivedMatches ?? [], 'ended'));
  for (const reason of r.reasons) out.push(`because   ${describeReason(reason)}`);
  if (r.certificate)
    out.push('', `certificate  signed (${r.certificate.signature.keyId}): lethe certificate ${workflowId}`);
  return wrapToWidth(out.filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== '')).map(inline));
}
