import type { ErasureProgress } from './progress';

/**
 * Where an erasure stands, as a privacy tool upstream is told (issue 19): two-phase completion, the
 * platforms' word first (`platforms_confirmed`), then Lethe's own verification (`verified`).
 * - `received`: accepted, not yet sent anywhere;
 * - `waiting`: held back by something outside Lethe: an open conversation, a legal hold, a quota;
 * - `in_progress`: being erased;
 * - `platforms_confirmed`: every platform said its part is done; Lethe still re-verifies;
 * - `verified`: every record verified gone (final);
 * - `incomplete`, `cancelled`, `failed`: ended otherwise (final).
 */
export const upstreamStages = [
  'received',
  'waiting',
  'in_progress',
  'platforms_confirmed',
  'verified',
  'incomplete',
  'cancelled',
  'failed',
] as const;
export type UpstreamStage = (typeof upstreamStages)[number];

/** One report: its stage, a message for the privacy tool's dashboard (counts only, never a value). */
export interface UpstreamReport {
  readonly stage: UpstreamStage;
  readonly message: string;
  /** No further report follows. */
  readonly final: boolean;
  /** `sha256:<hex>` of the signed certificate, on `verified` (and on `incomplete` when one was issued). */
  readonly certificateDigest?: string;
  /** The signed certificate itself (as `lethe certificate` writes it), for tools that take a document. */
  readonly certificate?: string;
  /** On `verified`: how many records were verified gone (Fides' `rows_masked`). */
  readonly records?: number;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The report for an erasure's progress (and, once ended, its certificate and digest). Pure: the same
 * progress always gives the same report, so a reporter sends one only when it changed.
 */
export function upstreamReportOf(
  progress: ErasureProgress,
  certificate?: { readonly file: string; readonly digest: string },
): UpstreamReport {
  const digest = certificate ? { certificateDigest: certificate.digest, certificate: certificate.file } : {};
  const counts = Object.values(progress.platforms);
  const discovered = counts.reduce((n, c) => n + (c?.discovered ?? 0), 0);
  const confirmed = counts.reduce((n, c) => n + (c?.confirmed ?? 0), 0);
  const open = counts.reduce((n, c) => n + (c?.active ?? 0), 0);
  switch (progress.phase) {
    case 'completed':
      return {
        stage: 'verified',
        message: `erased: ${plural(confirmed, 'record')} verified gone on every platform`,
        final: true,
        records: confirmed,
        ...digest,
      };
    case 'incomplete':
      return {
        stage: 'incomplete',
        message: `ended incomplete: ${plural(discovered - confirmed, 'record')} not verified gone (${(progress.reasons ?? []).map((r) => `${r.scope}: ${r.reason}`).join('; ') || 'see the result'})`,
        final: true,
        ...digest,
      };
    case 'cancelled':
      return { stage: 'cancelled', message: 'cancelled in Lethe before it was complete', final: true };
    case 'failed':
      return { stage: 'failed', message: 'the erasure failed in Lethe: an operator must look', final: true };
    case 'planned':
      return { stage: 'incomplete', message: 'a dry run: nothing was erased', final: true };
    default:
      break;
  }
  if (progress.holds.some((h) => h.releasedAt === undefined))
    return { stage: 'waiting', message: 'waiting: under a legal hold in Lethe', final: false };
  if (progress.platformsConfirmed)
    return {
      stage: 'platforms_confirmed',
      message: `every platform confirmed its deletions; Lethe re-verifies (${plural(confirmed, 'record')} of ${discovered} verified gone so far)`,
      final: false,
    };
  if (open > 0)
    return {
      stage: 'waiting',
      message: `waiting: ${plural(open, 'conversation')} still open`,
      final: false,
    };
  const quotas = Object.entries(progress.quotaWaits);
  if (quotas.length > 0)
    return {
      stage: 'waiting',
      message: `waiting: ${quotas.map(([p, at]) => `${p}'s monthly quota (resets ${at})`).join(', ')}`,
      final: false,
    };
  if (progress.phase === 'resolving' || progress.phase === 'discovering')
    return { stage: 'received', message: "received: finding the person's records", final: false };
  return {
    stage: 'in_progress',
    message: `erasing: ${plural(confirmed, 'record')} of ${discovered} verified gone`,
    final: false,
  };
}

/** Whether `next` is worth sending after `last`: a new stage, or a new reason to wait. */
export function worthReporting(last: UpstreamReport | undefined, next: UpstreamReport): boolean {
  if (!last) return true;
  return last.stage !== next.stage || (next.stage === 'waiting' && last.message !== next.message);
}
