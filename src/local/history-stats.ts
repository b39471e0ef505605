import type { Client } from '@temporalio/client';

/** Per-run size figures of a workflow's whole chain of runs (continue-as-new included). */
export interface HistoryStats {
  readonly runs: number;
  readonly maxEventsPerRun: number;
  /** The largest single payload in any event, in bytes. */
  readonly maxPayloadBytes: number;
}

/** The largest payload anywhere inside a history event, in bytes. */
function largestPayload(event: unknown): number {
  let max = 0;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const data = (node as { data?: unknown }).data;
    if (data instanceof Uint8Array && (node as { metadata?: unknown }).metadata)
      max = Math.max(max, data.length);
    for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value);
  };
  walk(event);
  return max;
}

/**
 * Walks a workflow's runs from the first, following continue-as-new, and measures each. `client` must
 * accept large messages: a big run's history page can pass gRPC's default 4 MB.
 */
export async function historyStats(client: Client, workflowId: string): Promise<HistoryStats> {
  let runId: string | undefined =
    (await client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.firstRunId ??
    undefined;
  let runs = 0;
  let maxEventsPerRun = 0;
  let maxPayloadBytes = 0;
  while (runId) {
    const events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    runs += 1;
    maxEventsPerRun = Math.max(maxEventsPerRun, events.length);
    for (const e of events) maxPayloadBytes = Math.max(maxPayloadBytes, largestPayload(e));
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return { runs, maxEventsPerRun, maxPayloadBytes };
}
