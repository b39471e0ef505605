import type { Client } from '@temporalio/client';

/** One activity attempt as the server recorded it: which activity, which attempt, which worker. */
export interface ActivityRun {
  readonly type: string;
  readonly attempt: number;
  /** The worker's identity, `<pid>@<host>` by default. */
  readonly identity: string;
}

/**
 * The activities a workflow (its latest run) ran, from its history: each ActivityTaskStarted with the
 * type its ActivityTaskScheduled named. The server records the start of the attempt that finished.
 */
export async function activityRuns(client: Client, workflowId: string): Promise<ActivityRun[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const types = new Map<string, string>();
  const runs: ActivityRun[] = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) types.set(String(event.eventId), scheduled.activityType?.name ?? '');
    const started = event.activityTaskStartedEventAttributes;
    if (started)
      runs.push({
        type: types.get(String(started.scheduledEventId)) ?? '',
        attempt: started.attempt ?? 0,
        identity: started.identity ?? '',
      });
  }
  return runs;
}

/** The process id in a worker identity (`<pid>@<host>`). */
export const pidOf = (identity: string): number => Number(identity.split('@')[0]);
