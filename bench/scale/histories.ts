/**
 * What the scale bench reads from histories: events per workflow, and when each workflow's pending
 * timers fire (its next wake-up), to find the busiest second.
 */
import type { Client } from '@temporalio/client';

export interface HistoryFigures {
  readonly workflows: number;
  readonly events: number;
  /** Most timers due in any one second. */
  readonly peakWakeupsPerSecond: number;
  /** Seconds in which at least one timer is due. */
  readonly wakeupSeconds: number;
}

const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;

/** Reads every history of `workflowIds`, `concurrency` at a time. */
export async function readHistories(
  client: Client,
  workflowIds: readonly string[],
  concurrency = 8,
): Promise<HistoryFigures> {
  let events = 0;
  const perSecond = new Map<number, number>();
  let next = 0;
  const reader = async (): Promise<void> => {
    for (;;) {
      const id = workflowIds[next++];
      if (id === undefined) return;
      const history = await client.workflow.getHandle(id).fetchHistory();
      const list = history.events ?? [];
      events += list.length;
      const pending = new Map<string, number>();
      for (const e of list) {
        const started = e.timerStartedEventAttributes;
        if (started?.timerId) pending.set(started.timerId, ms(e.eventTime) + ms(started.startToFireTimeout));
        const done = e.timerFiredEventAttributes?.timerId ?? e.timerCanceledEventAttributes?.timerId;
        if (done) pending.delete(done);
      }
      for (const at of pending.values()) {
        const second = Math.floor(at / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, reader));
  return {
    workflows: workflowIds.length,
    events,
    peakWakeupsPerSecond: Math.max(0, ...perSecond.values()),
    wakeupSeconds: perSecond.size,
  };
}
