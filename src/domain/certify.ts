import type { CertifiedSystem, ErasedSet, ErasureCertificate, RecordDigest } from './certificate';
import { CERTIFICATE_FORMAT, LISTED_RECORDS } from './certificate';
import type { PlatformId, RecordKind } from './platforms';
import type { ErasureResult, PlatformResult } from './result';

/** The certificate of an erasure's result, records named by digest. */
export function buildCertificate(
  result: ErasureResult,
  issuedAt: string,
  digest: RecordDigest,
): ErasureCertificate {
  const identifiers: Record<string, number> = {};
  for (const id of result.identifiers) identifiers[id.provenance] = (identifiers[id.provenance] ?? 0) + 1;
  const systems: Partial<Record<PlatformId, CertifiedSystem>> = {};
  for (const [platform, r] of Object.entries(result.platforms) as Array<[PlatformId, PlatformResult]>)
    systems[platform] = certifySystem(platform, r, digest);
  return {
    format: CERTIFICATE_FORMAT,
    requestId: result.requestId,
    subjectRef: result.subjectRef,
    ...(result.requestedBy !== undefined ? { requestedBy: result.requestedBy } : {}),
    ...(result.reason !== undefined ? { requestReason: result.reason } : {}),
    outcome: result.outcome,
    reasons: result.reasons,
    receivedAt: result.receivedAt,
    finishedAt: result.finishedAt,
    issuedAt,
    deadline: result.deadline,
    stoppedAtHardStop: result.stoppedAtHardStop,
    timeline: result.timeline,
    identifiers,
    systems,
    holds: result.holds,
    downstream: result.downstream,
    ...(result.linkedRequests ? { linkedRequests: result.linkedRequests } : {}),
    ...(result.derivedMatches ? { derivedMatches: result.derivedMatches } : {}),
    ...(result.cancellation
      ? {
          cancellation: {
            by: result.cancellation.by,
            reason: result.cancellation.reason,
            at: result.cancellation.at,
            via: result.cancellation.via,
            submitted: result.cancellation.submitted.map((s) => ({
              platform: s.platform,
              requestId: s.requestId,
              kind: s.kind,
              records: s.ids.length,
              withdrawn: s.withdrawn,
              ...(s.note !== undefined ? { note: s.note } : {}),
            })),
          },
        }
      : {}),
  };
}

function certifySystem(platform: PlatformId, r: PlatformResult, digest: RecordDigest): CertifiedSystem {
  const ref = (kind: RecordKind, id: string) => ({ kind, record: digest(platform, kind, id) });
  const erased: Partial<Record<RecordKind, ErasedSet>> = {};
  let erasedCount = 0;
  for (const [kind, ids] of Object.entries(r.erased) as Array<[RecordKind, string[]]>) {
    const records = ids.map((id) => digest(platform, kind, id)).sort();
    erased[kind] = {
      count: records.length,
      set: digest(platform, kind, `set:${records.join(',')}`),
      ...(records.length <= LISTED_RECORDS ? { records } : {}),
    };
    erasedCount += ids.length;
  }
  return {
    verdict: r.verdict,
    erased,
    erasedCount,
    requests: r.requests.map((q) => ({
      requestId: q.requestId,
      kind: q.kind,
      records: q.records,
      submittedAt: q.submittedAt,
      ...(q.closedAt !== undefined ? { closedAt: q.closedAt } : {}),
      ...(q.note !== undefined ? { note: q.note } : {}),
      ...(q.shared ? { shared: true } : {}),
      ...(q.lostAnswer ? { lostAnswer: q.lostAnswer } : {}),
      verifications: q.verifications,
    })),
    stillPresent: r.stillPresent.map((x) => ref(x.kind, x.id)),
    stillActive: r.stillActive.map((x) => ref(x.kind, x.id)),
    failedBatches: r.failedBatches.map((b) => ({
      kind: b.kind,
      records: b.ids.length,
      errorType: b.errorType,
      at: b.at,
    })),
    held: r.held.map((h) => ({
      ...ref(h.kind, h.id),
      reason: h.reason,
      since: h.since,
      ...(h.lastSeen !== undefined ? { lastSeen: h.lastSeen } : {}),
      ...(h.releasedAt !== undefined ? { releasedAt: h.releasedAt } : {}),
    })),
    retained: r.retained,
    ...(r.failure ? { failure: { step: r.failure.step, type: r.failure.type, at: r.failure.at } } : {}),
  };
}
