import { WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from '../ops/logger';
import type { UpstreamTarget } from '../workflows/upstream-report';
import type { IntakeAdapter } from './adapter';
import { type Admission, admit, reporterWorkflowId } from './admission';

/**
 * Pulls a tool's waiting requests every `pullEveryMs` and admits each as a call would be, once: a
 * request whose reporter exists was admitted already (joining its erasure again on every pull would
 * fill the erasure's history with updates). Nothing is lost across a restart: the tool keeps a request
 * pending until Lethe reports it resolved, and its reporter, durable in Temporal, is found again.
 */
export function startPuller(
  adapter: IntakeAdapter,
  admission: Admission,
  logger: Logger,
  now: () => Date = () => new Date(),
): { stop(): Promise<void> } {
  const everyMs = adapter.pullEveryMs ?? 0;
  const seen = new Set<string>();
  const admitted = async (target: UpstreamTarget): Promise<boolean> => {
    const id = reporterWorkflowId(target);
    if (seen.has(id)) return true;
    try {
      await admission.client.temporal.workflow.getHandle(id).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
    seen.add(id);
    return true;
  };
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        const outcomes = (await adapter.pull?.(now())) ?? [];
        for (const outcome of outcomes) {
          if (stopped) break;
          if (outcome.kind !== 'answer' && (await admitted(outcome.target))) continue;
          await admit(admission, outcome);
        }
      } catch (err) {
        logger.warn(
          { adapter: adapter.id, err: err instanceof Error ? err.message : 'unknown' },
          'intake: pull failed',
        );
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, everyMs);
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
