import type { UpstreamReport } from '../../domain/upstream-report';

/**
 * A report as `PUT /v1/data-silo`'s body (§1.1): `WAITING` with a message until the erasure is verified,
 * the platforms' confirmation said in the message (Transcend has one completion state); `RESOLVED` once
 * every record was verified gone; `ACTION_REQUIRED` when it ended otherwise. The body carries no
 * personal data: counts and Lethe's words.
 */
export function transcendStatusOf(report: UpstreamReport): { status: string; message: string } {
  const digest = report.certificateDigest ? ` Certificate ${report.certificateDigest}.` : '';
  switch (report.stage) {
    case 'verified':
      return { status: 'RESOLVED', message: `Lethe: ${report.message}.${digest}` };
    case 'incomplete':
    case 'cancelled':
    case 'failed':
      return { status: 'ACTION_REQUIRED', message: `Lethe: ${report.message}.${digest}` };
    default:
      return { status: 'WAITING', message: `Lethe: ${report.message}.` };
  }
}
