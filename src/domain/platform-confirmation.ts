import type { PlatformLedger } from './platform-ledger';

/**
 * Whether a platform has confirmed its part, before Lethe verified it (the first of the two phases an
 * upstream privacy tool is told of): its work did not stop, nothing is left to send or still open, and
 * every request still being checked was last reported DONE by the platform. Requests whose platform has
 * no status to give (UNKNOWN) confirm nothing: only verification settles them.
 */
export function platformConfirmed(ledger: PlatformLedger): boolean {
  if (ledger.failureRecord) return false;
  const c = ledger.counts();
  const sentOrSettled = c.submitted + c.confirmed + c.held;
  if (c.active > 0 || c.queued > 0 || c.failed > 0 || sentOrSettled < c.discovered) return false;
  return ledger
    .snapshot()
    .submissions.filter((s) => s.closedAt === undefined)
    .every((s) => s.verifications.at(-1)?.requestStatus === 'DONE');
}
