import type { PlatformId } from './platforms';
import type { OutcomeReason, PlatformFailure, PlatformVerdict, RecordStatus } from './progress';
import type { WarehouseCleanupPass } from './warehouse';

/** Record counts by status, as a ledger keeps them. */
export type StatusCounts = Readonly<Partial<Record<RecordStatus, number>>>;

const UNVERIFIED: readonly RecordStatus[] = ['active', 'ready', 'queued', 'submitted'];

type Cause = Omit<OutcomeReason, 'scope'>;

/** Why a platform's records are not all erased, from their counts and any failure (none when they are). */
function causes(counts: StatusCounts, failure: PlatformFailure | undefined): Cause[] {
  const out: Cause[] = [];
  if (failure) out.push({ reason: 'failed', step: failure.step, type: failure.type });
  const add = (reason: Cause['reason'], records: number): void => {
    if (records > 0) out.push({ reason, records });
  };
  add('still_present', counts.remaining ?? 0);
  add('still_active', counts.still_active ?? 0);
  add('refused', counts.failed ?? 0);
  add(
    'unverified',
    UNVERIFIED.reduce((n, s) => n + (counts[s] ?? 0), 0),
  );
  return out;
}

/** Why one platform is not erased (empty when it is), from its record counts and any failure. */
export function platformReasons(
  platform: PlatformId,
  counts: StatusCounts,
  failure: PlatformFailure | undefined,
): OutcomeReason[] {
  return causes(counts, failure).map((c) => ({ scope: platform, ...c }));
}

/** A platform's verdict from its record counts and any failure. */
export function platformVerdict(counts: StatusCounts, failure: PlatformFailure | undefined): PlatformVerdict {
  if (causes(counts, failure).length > 0) return 'incomplete';
  return (counts.held ?? 0) > 0 ? 'erased_except_held' : 'erased';
}

/** Why the warehouse clean-up is not complete: every table, in any pass, that failed or kept rows. */
export function warehouseReasons(passes: readonly WarehouseCleanupPass[]): OutcomeReason[] {
  const reasons: OutcomeReason[] = [];
  for (const pass of passes) {
    for (const t of pass.tables) {
      // A reclaim that failed leaves the erased values readable in the files: not complete.
      if (t.error === undefined && t.remaining === 0 && t.reclaim?.ok !== false) continue;
      reasons.push({
        scope: 'warehouse',
        reason: 'warehouse',
        table: `${t.target}:${t.table}`,
        ...(t.error !== undefined
          ? { type: 'failed' }
          : t.remaining > 0
            ? { records: t.remaining }
            : { type: 'reclaim_failed' }),
      });
    }
  }
  return reasons;
}

/** One reason in words, for the CLI and the certificate page. */
export function describeReason(r: OutcomeReason): string {
  const n = (what: string): string => `${r.records ?? 0} record${r.records === 1 ? '' : 's'} ${what}`;
  switch (r.reason) {
    case 'failed':
      return `${r.scope}: failed while ${r.step ?? '?'} (${r.type ?? 'error'})`;
    case 'still_present':
      return `${r.scope}: ${n('still present when the erasure ended')}`;
    case 'still_active':
      return `${r.scope}: ${n('still active (never closed, never sent)')}`;
    case 'refused':
      return `${r.scope}: ${n('in requests the platform refused')}`;
    case 'unverified':
      return `${r.scope}: ${n('not verified gone')}`;
    case 'unconfirmed':
      return `${r.scope}: ${n('reached only through identifiers the requester never gave, never confirmed by an operator (not erased)')}`;
    case 'warehouse':
      if (r.type === 'failed') return `warehouse: ${r.table ?? '?'} failed and was rolled back`;
      if (r.type === 'reclaim_failed')
        return `warehouse: ${r.table ?? '?'}: rows deleted, but the files were not rewritten (freed space may still hold the values)`;
      return `warehouse: ${r.table ?? '?'} still has ${r.records ?? 0} matching row(s)`;
  }
}

/**
 * Whether an erasure met its deadline, as evidence may say it: only one that completed can have met it
 * (an estimate that a cancelled or incomplete erasure would have is not a deadline met); a dry run has
 * none to meet.
 */
export function deadlineVerdict(
  outcome: 'completed' | 'incomplete' | 'cancelled' | 'planned',
  meetsDeadline: boolean,
): 'met' | 'MISSED' | 'not met' | undefined {
  if (outcome === 'planned') return undefined;
  if (outcome !== 'completed') return 'not met';
  return meetsDeadline ? 'met' : 'MISSED';
}
