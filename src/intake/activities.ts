import { createHash } from 'node:crypto';
import { serializeCertificate } from '../certificate/signing';
import type { ErasureClient } from '../client';
import { CertificateUnavailableError } from '../client/errors';
import { type UpstreamReport, upstreamReportOf } from '../domain/upstream-report';
import type { UpstreamActivities } from '../workflows/upstream-report';
import type { IntakeAdapter } from './adapter';

/** `sha256:<hex>` of a certificate file as `lethe certificate` writes it: what a privacy tool can check. */
export const certificateDigest = (file: string): string =>
  `sha256:${createHash('sha256').update(file).digest('hex')}`;

/** How an erasure stands, as a privacy tool is told: its progress, and its certificate once it ended. */
export async function observeErasure(
  client: ErasureClient,
  workflowId: string,
): Promise<UpstreamReport | null> {
  const progress = await client.progress(workflowId);
  const ended = progress.phase === 'completed' || progress.phase === 'incomplete';
  if (!ended) return upstreamReportOf(progress);
  let certificate: Awaited<ReturnType<ErasureClient['certificate']>> | undefined;
  try {
    certificate = await client.certificate(workflowId);
  } catch (err) {
    if (!(err instanceof CertificateUnavailableError)) throw err;
    // Still closing (signing, announcing): nothing to say until it has ended.
    if (err.why === 'running') return null;
  }
  if (!certificate) return upstreamReportOf(progress);
  const file = serializeCertificate(certificate);
  return upstreamReportOf(progress, { file, digest: certificateDigest(file) });
}

/**
 * The intake worker's activities: look at an erasure, report to the privacy tool through its adapter,
 * and cancel an erasure the tool closed or revoked.
 */
export function createUpstreamActivities(
  client: ErasureClient,
  adapters: ReadonlyMap<string, IntakeAdapter>,
): UpstreamActivities {
  return {
    observeErasure: ({ workflowId }) => observeErasure(client, workflowId),
    async reportUpstream({ target, report }) {
      const adapter = adapters.get(target.adapter);
      if (!adapter) throw new Error(`no intake adapter "${target.adapter}" is configured on this worker`);
      return adapter.report(target, report);
    },
    async cancelErasure({ workflowId, by, reason }) {
      await client.cancel(workflowId, { by, reason });
    },
  };
}
