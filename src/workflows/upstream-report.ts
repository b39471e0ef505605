import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import { type UpstreamReport, worthReporting } from '../domain/upstream-report';

/** Where one privacy tool's request is told of its erasure: the adapter, and what it needs (a nonce, a callback). */
export interface UpstreamTarget {
  readonly adapter: string;
  /** The adapter's own reference for what it reports on (never shown, carried encrypted). */
  readonly ref: Readonly<Record<string, string>>;
}

export interface UpstreamReportInput {
  /** The erasure reported on; absent for a single report that concerns no erasure (`once`). */
  readonly erasureWorkflowId?: string;
  /** Delivered once, durably, instead of following an erasure (Fides' access step). */
  readonly once?: UpstreamReport;
  readonly target: UpstreamTarget;
  /** How long between two looks at the erasure (platform time compressed as the deployment's day). */
  readonly pollMs: number;
  /** The last report sent, carried across continue-as-new. */
  readonly last?: UpstreamReport;
  /** The first wait before a failed report is tried again (default 10 s; tests shorten it). */
  readonly retryInitialMs?: number;
  /** The longest wait between two tries (default an hour; tests shorten it). */
  readonly retryMaximumMs?: number;
}

/** What the privacy tool answered a report: taken, or the request is closed or revoked there. */
export type ReportOutcome = 'accepted' | 'closed_upstream';

/** The activities of the intake's worker (src/intake/activities.ts). */
export interface UpstreamActivities {
  /** `null` while the erasure is closing (its certificate not yet issued): look again later. */
  observeErasure(input: { workflowId: string }): Promise<UpstreamReport | null>;
  reportUpstream(input: { target: UpstreamTarget; report: UpstreamReport }): Promise<ReportOutcome>;
  cancelErasure(input: { workflowId: string; by: string; reason: string }): Promise<void>;
}

/** Every call is tried again until it succeeds, backing off to `maximumInterval`: a report is never dropped. */
const activitiesOf = (retryInitialMs: number, retryMaximumMs: number) =>
  proxyActivities<UpstreamActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: retryInitialMs, backoffCoefficient: 2, maximumInterval: retryMaximumMs },
  });

/** Looks before starting afresh (continue-as-new), so the history stays small over a month of looks. */
const LOOKS_PER_RUN = 500;

/**
 * Tells a privacy tool upstream how its request's erasure stands, until it ends (issue 19): looks at the
 * erasure every `pollMs`, reports each new stage (two-phase: the platforms' word, then verified gone),
 * and, when the tool answers that the request is closed or revoked there, cancels the erasure with that
 * reason. One per upstream request (its id names the adapter and the request); durable across restarts.
 */
export async function upstreamReport(input: UpstreamReportInput): Promise<UpstreamReport | undefined> {
  const { observeErasure, reportUpstream, cancelErasure } = activitiesOf(
    input.retryInitialMs ?? 10_000,
    Math.max(input.retryInitialMs ?? 10_000, input.retryMaximumMs ?? 3_600_000),
  );
  const erasureWorkflowId = input.erasureWorkflowId;
  if (input.once || erasureWorkflowId === undefined) {
    if (input.once) await reportUpstream({ target: input.target, report: input.once });
    return input.once;
  }
  let last = input.last;
  for (let look = 0; look < LOOKS_PER_RUN; look += 1) {
    const next = await observeErasure({ workflowId: erasureWorkflowId });
    if (next === null) {
      await sleep(input.pollMs);
      continue;
    }
    if (worthReporting(last, next)) {
      const outcome = await reportUpstream({ target: input.target, report: next });
      if (outcome === 'closed_upstream') {
        if (!next.final)
          await cancelErasure({
            workflowId: erasureWorkflowId,
            by: input.target.adapter,
            reason: `the request was closed or revoked in ${input.target.adapter}`,
          });
        return next;
      }
      last = next;
    }
    if (next.final) return next;
    await sleep(input.pollMs);
  }
  return continueAsNew<typeof upstreamReport>({ ...input, ...(last ? { last } : {}) });
}
