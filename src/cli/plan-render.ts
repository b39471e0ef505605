import { platformIds, type RecordKind } from '../domain/platforms';
import { inline } from '../domain/printable';
import type { ErasurePlan, ErasureResult } from '../domain/result';
import { describeReason } from '../domain/verdict';
import { derivedMatchLines } from './render';
import { count, toSecond, wrapToWidth } from './words';

type PlatformPlan = NonNullable<ErasurePlan['platforms'][keyof ErasurePlan['platforms']]>;

/** `37 conversations in 1 request, 1 consumer in 1 request`: ids and requests per kind. */
function requestLine(requests: PlatformPlan['requests']): string {
  const byKind = new Map<RecordKind, { ids: number; requests: number }>();
  for (const r of requests) {
    const k = byKind.get(r.kind) ?? { ids: 0, requests: 0 };
    byKind.set(r.kind, { ids: k.ids + r.ids.length, requests: k.requests + 1 });
  }
  return [...byKind]
    .map(([kind, k]) => `${count(k.ids, kind)} in ${count(k.requests, 'request')}`)
    .join(', ');
}

/** Where each identifier came from, counted: the request, an operator, a platform. Never a value. */
function identifierLine(r: ErasureResult): string {
  const by = new Map<string, number>();
  for (const id of r.identifiers) {
    const source = id.provenance.startsWith('update:') ? 'operator' : (id.provenance.split(':')[0] ?? '');
    by.set(source, (by.get(source) ?? 0) + 1);
  }
  const parts = [...by].map(([source, n]) => `${source} ${n}`).join(', ');
  return `identifiers  ${r.identifiers.length}${parts ? ` (${parts})` : ''}`;
}

function platformLines(platform: string, plan: PlatformPlan, r: ErasureResult): string[] {
  const failure = r.platforms[platform as keyof ErasureResult['platforms']]?.failure;
  const lines = [platform];
  if (failure) lines.push(`  FAILED      while ${failure.step}: ${failure.type}: ${failure.message}`);
  // Records held back as derived matches were found too: never say "nothing found" of them.
  const matched = (r.derivedMatches ?? [])
    .filter((m) => m.platform === platform && m.reach === 'confirm')
    .reduce((n, m) => n + Object.values(m.records).reduce((a, b) => a + (b ?? 0), 0), 0);
  const found = plan.requests.length + plan.waitingForClose.length + plan.held.length;
  if (matched > 0)
    lines.push(`  would hold  ${count(matched, 'record')} for an operator (derived matches below)`);
  if (found === 0) {
    if (matched === 0)
      lines.push(failure ? '  nothing found before it failed' : '  nothing found: nothing to delete');
    return lines;
  }
  if (plan.requests.length > 0) lines.push(`  would send  ${requestLine(plan.requests)}`);
  if (plan.waitingForClose.length > 0)
    lines.push(`  then waits  for ${count(plan.waitingForClose.length, 'open record')} to close`);
  for (const h of plan.held) lines.push(`  held        ${h.kind} by the platform: ${h.reason}`);
  if (plan.monthlyRequestQuota !== undefined)
    lines.push(`  quota       ${plan.monthlyRequestQuota} deletion requests a month for the account`);
  const [first, ...rest] = plan.verifyAt;
  if (first)
    lines.push(
      `  checks      from ${toSecond(first)}${rest.length > 0 ? `, ${rest.length} more to ${toSecond(rest.at(-1) ?? '')}` : ''}`,
    );
  return lines;
}

/**
 * A dry run's plan as `lethe plan` prints it: per platform what a real run would send (ids and requests
 * per kind), wait for, leave held, and when it would check; the derived matches it would erase or hold
 * for an operator; a platform that failed said plainly. Kinds, counts and platforms, never a value.
 */
export function renderPlan(workflowId: string, r: ErasureResult): string[] {
  const plan = r.plan ?? { platforms: {} };
  const d = r.deadline;
  const out = [
    workflowId,
    `request   ${r.requestId}`,
    'DRY RUN: nothing was sent, nothing was deleted',
    `deadline  ${toSecond(d.deadline)}${d.expectedCompletion ? `  a real run: ${d.meetsDeadline ? 'meets it' : 'LATE'}` : ''}`,
  ];
  for (const platform of platformIds) {
    const p = plan.platforms[platform];
    if (p) out.push('', ...platformLines(platform, p, r));
  }
  if (Object.keys(plan.platforms).length === 0) out.push('', 'no platform in scope was planned');
  out.push('', identifierLine(r));
  out.push(...derivedMatchLines(r.derivedMatches ?? [], 'planned'));
  for (const reason of r.reasons) out.push(`because      ${describeReason(reason)}`);
  return wrapToWidth(out.map(inline));
}
