import { createHash } from 'node:crypto';
import type { ErasureClient } from '../client';
import { InvalidRequestError, RequestRefusedError } from '../client/errors';
import type { UpstreamReport } from '../domain/upstream-report';
import type { UpstreamTarget, upstreamReport } from '../workflows/upstream-report';
import type { InboundAnswer, InboundOutcome } from './adapter';

/** What admitting an upstream request needs: the client, and where and how its reporter runs. */
export interface Admission {
  readonly client: ErasureClient;
  /** The task queue of the intake's worker, where the reporters run. */
  readonly reportQueue: string;
  readonly pollMs: number;
  /** The reporters' first and longest retry waits (default theirs). */
  readonly retryInitialMs?: number;
  readonly retryMaximumMs?: number;
}

/** A reporter's workflow id: the adapter and a digest of its reference (never the reference itself). */
export const reporterWorkflowId = (target: UpstreamTarget): string => {
  const ref = Object.entries(target.ref)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `report-${target.adapter}-${createHash('sha256').update(ref).digest('hex').slice(0, 40)}`;
};

/** The reporter of one upstream request; the same request again (a retried call) finds it at work. */
export async function startReporter(
  a: Admission,
  erasureWorkflowId: string | undefined,
  target: UpstreamTarget,
  once?: UpstreamReport,
): Promise<void> {
  const input: Parameters<typeof upstreamReport>[0] = {
    ...(erasureWorkflowId ? { erasureWorkflowId } : {}),
    ...(once ? { once } : {}),
    target,
    pollMs: a.pollMs,
    ...(a.retryInitialMs !== undefined ? { retryInitialMs: a.retryInitialMs } : {}),
    ...(a.retryMaximumMs !== undefined ? { retryMaximumMs: a.retryMaximumMs } : {}),
  };
  await a.client.temporal.workflow.start<typeof upstreamReport>('upstreamReport', {
    workflowId: reporterWorkflowId(target),
    taskQueue: a.reportQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/**
 * Acts on what an adapter made of a call (or of a pulled request): an answer alone; a single report to
 * deliver; an erasure the adapter started; or an erasure to start or join (the same subject arriving in
 * several calls is one erasure), each with its reporter. Returns the answer for the caller.
 */
export async function admit(a: Admission, outcome: InboundOutcome): Promise<InboundAnswer> {
  switch (outcome.kind) {
    case 'answer':
      return outcome.answer;
    case 'report':
      await startReporter(a, undefined, outcome.target, outcome.report);
      return outcome.answer;
    case 'erase-started':
      await startReporter(a, outcome.erasureId, outcome.target);
      return outcome.accepted;
    case 'erase': {
      let workflowId: string;
      try {
        workflowId = (await a.client.start(outcome.request)).workflowId;
      } catch (err) {
        if (err instanceof InvalidRequestError)
          return { status: 400, body: { error: 'invalid request', fields: err.issues.map((i) => i.field) } };
        if (err instanceof RequestRefusedError) return { status: 503, body: { error: err.message } };
        throw err;
      }
      await startReporter(a, workflowId, outcome.target);
      return typeof outcome.accepted === 'function' ? outcome.accepted(workflowId) : outcome.accepted;
    }
  }
}
