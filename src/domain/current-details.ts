import type { PlatformId } from './platforms';
import type { DerivedMatchSummary, ErasureProgress, PlatformCounts } from './progress';

/**
 * What the Temporal Web UI shows as an erasure's current details (SDK user metadata, markdown), updated
 * as it moves: its phase in words, per-platform counts, the next check, quota waits, a platform that
 * needs attention, a cancellation, and the derived matches an operator must decide with the command
 * that decides them (issue 15). Kinds, counts and platforms, never a personal value.
 */
export function erasureCurrentDetails(p: ErasureProgress, workflowId: string): string {
  const since = p.timeline.at(-1)?.at;
  const lines = [`**Phase:** ${words(p.phase)}${since ? ` since ${utc(since)}` : ''}`];
  if (p.outcome) lines.push(`**Outcome:** ${p.outcome}`);
  const platforms = Object.entries(p.platforms) as Array<[PlatformId, PlatformCounts]>;
  if (platforms.length > 0) lines.push('', ...platforms.map(([id, c]) => `- ${id}: ${countLine(c)}`));
  const after: string[] = [];
  if (p.nextCheckAt) after.push(`**Next check:** ${utc(p.nextCheckAt)}`);
  for (const [platform, until] of Object.entries(p.quotaWaits))
    if (until) after.push(`**Quota:** ${platform}'s monthly deletion quota is spent until ${utc(until)}`);
  if (p.needsAttention)
    after.push(
      `**Needs attention:** ${p.needsAttention.platform} since ${utc(p.needsAttention.since)} (${p.needsAttention.type}); fix it, then \`lethe retry ${workflowId} --by <you>\``,
    );
  if (p.cancellation) after.push(`**Cancelled** by ${p.cancellation.by}: ${p.cancellation.reason}`);
  if (after.length > 0) lines.push('', ...after);
  const matches = p.derivedMatches ?? [];
  const waiting = matches.filter((m) => m.reach === 'confirm' && !m.decision);
  if (waiting.length > 0) {
    lines.push(
      '',
      '**Waiting for an operator**: records reached only through identifiers the requester never gave.',
      '',
      ...waiting.map((m) => `- ${matchLine(m)}`),
      '',
      `Decide with \`lethe confirm ${workflowId} --by <you> [--exclude ${waiting.map((m) => m.ref).join(',')}]\``,
    );
  }
  const settled = matches.filter((m) => !waiting.includes(m));
  if (settled.length > 0)
    lines.push(
      '',
      '**Derived matches**',
      '',
      ...settled.map((m) => {
        const stands = m.decision
          ? `${m.decision.confirmed ? 'confirmed' : 'excluded, not erased'} by ${m.decision.by}`
          : 'erased with the rest (policy)';
        return `- ${matchLine(m)}: ${stands}`;
      }),
    );
  return lines.join('\n');
}

/** `7 found · 3 erased · 2 sent · 1 open`: what each count means in words, the zero ones left out. */
function countLine(c: PlatformCounts): string {
  const parts: Array<[number, string]> = [
    [c.discovered, 'found'],
    [c.confirmed, 'erased'],
    [c.submitted, 'sent, not yet verified'],
    [c.queued, 'queued at the quota governor'],
    [c.active, 'waiting to close'],
    [c.held, 'held by the platform'],
    [c.remaining, 'not yet verified gone'],
    [c.failed, 'refused'],
  ];
  const shown = parts.filter(([n], i) => i === 0 || n > 0);
  return shown.map(([n, what]) => `${n} ${what}`).join(' · ');
}

function matchLine(m: DerivedMatchSummary): string {
  const records = Object.entries(m.records)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  return `${m.ref} · ${m.platform} · ${records} · via ${m.chain}`;
}

/** A phase or kind name in words: `awaiting_platform` → `awaiting platform`. */
export const words = (name: string): string => name.replaceAll('_', ' ');

/** An ISO instant as people read it, to the second: `2026-12-06 18:44:23 UTC`. */
export const utc = (iso: string): string =>
  iso.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/, '$1 $2 UTC');
