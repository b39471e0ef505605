import type { DerivedMatchSummary, ErasureProgress } from './progress';

/**
 * What the Temporal Web UI shows as an erasure's current details (SDK user metadata, markdown): its
 * phase, and the derived matches an operator must decide, with how they were reached (identifier kinds
 * and platforms, never a value) and the command that decides them (issue 15).
 */
export function erasureCurrentDetails(p: ErasureProgress, workflowId: string): string {
  const lines = [`**Phase:** ${p.phase.replaceAll('_', ' ')}`];
  const matches = p.derivedMatches ?? [];
  const waiting = matches.filter((m) => m.reach === 'confirm' && !m.decision);
  if (waiting.length > 0) {
    lines.push(
      '',
      '**Waiting for an operator**: records reached only through identifiers the requester never gave.',
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
      ...settled.map((m) => {
        const stands = m.decision
          ? `${m.decision.confirmed ? 'confirmed' : 'excluded, not erased'} by ${m.decision.by}`
          : 'erased with the rest (policy)';
        return `- ${matchLine(m)}: ${stands}`;
      }),
    );
  return lines.join('\n');
}

function matchLine(m: DerivedMatchSummary): string {
  const records = Object.entries(m.records)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  return `${m.ref} · ${m.platform} · ${records} · via ${m.chain}`;
}
