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
export async function observeErasure(client: ErasureClient, workflowId: string): Promise<UpstreamReport> {
  const progress = await client.progress(workflowId);
  const ended = progress.phase === 'completed' || progress.phase === 'incomplete';
  // Still closing (signing, announcing): this look fails and is tried again shortly.
  const certificate = ended
    ? await client.certificate(workflowId).catch((err: unknown) => {
        if (err instanceof CertificateUnavailableError && err.why !== 'running') return undefined;
        throw err;
      })
    : undefined;
  return upstreamReportOf(
    progress,
    certificate ? certificateDigest(serializeCertificate(certificate)) : undefined,
  );
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
