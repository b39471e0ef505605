import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { JournalEntry } from '../src/simulator/kit/journal';

/** What the simulators' journals say about a run, over every platform call. */
export interface JournalFigures {
  /** Creates journaled as the same request made again (`repeatOf`). */
  readonly repeats: number;
  /** Creates journaled as asking for nothing an earlier request does not already do (`overlaps`). */
  readonly overlaps: number;
  /** Calls journaled as breaking a rule of the contract. */
  readonly violations: number;
  /** Calls answered with an injected fault. */
  readonly faults: number;
  /** Each broken rule's message and each repeat's path shape, for stderr (no values: paths are ids). */
  readonly details: readonly string[];
}

/** A call's method and path with every id-like segment and the query left out: loggable, no value in it. */
const shapeOf = (entry: JournalEntry): string => {
  const path = (entry.path.split('?')[0] ?? '')
    .split('/')
    .map((s) => (/^v\d+$/.test(s) || !/[\d@]/.test(s) ? s : '{id}'))
    .join('/');
  return `${entry.method} ${path}`;
};

/** Counts repeats, broken rules and injected faults in the journals of every simulator. */
export function journalFigures(journals: ReadonlyArray<readonly JournalEntry[]>): JournalFigures {
  let repeats = 0;
  let overlaps = 0;
  let violations = 0;
  let faults = 0;
  const details: string[] = [];
  const overlapsBy = new Map<string, number>();
  for (const entries of journals)
    for (const e of entries) {
      if (e.fault !== undefined && e.fault !== 'lost_answer') faults += 1;
      if (e.violations.length > 0) {
        violations += 1;
        details.push(`broken rule: ${shapeOf(e)} → ${e.status}`);
      }
      if (e.repeatOf !== undefined) {
        repeats += 1;
        details.push(`repeated create: ${shapeOf(e)} → ${e.status}`);
      }
      if (e.overlaps !== undefined) {
        overlaps += 1;
        overlapsBy.set(shapeOf(e), (overlapsBy.get(shapeOf(e)) ?? 0) + 1);
      }
    }
  for (const [shape, n] of overlapsBy) details.push(`redundant creates: ${n} × ${shape}`);
  return { repeats, overlaps, violations, faults, details };
}

/**
 * Chatbot deletes the platform accepted beyond those the erasures asked for: the chatbot answers no
 * request id, so its simulator cannot tell a delete sent twice for one submission (a lost answer, then a
 * retry) from a later one; the erasures' results can. Each submission sends one delete per UCI value,
 * and each subject of the soak has one. `submitted`: per UCI value, the submissions its erasure's result
 * lists (subjects whose erasure gave no result are left out).
 */
export function chatbotRepeats(
  accepted: ReadonlyArray<{ readonly uciValue: string }>,
  submitted: ReadonlyMap<string, number>,
): number {
  const deletes = new Map<string, number>();
  for (const d of accepted) deletes.set(d.uciValue, (deletes.get(d.uciValue) ?? 0) + 1);
  let extra = 0;
  for (const [uci, asked] of submitted) extra += Math.max(0, (deletes.get(uci) ?? 0) - asked);
  return extra;
}

const TASK_FAILED_CAUSE = temporal.api.enums.v1.WorkflowTaskFailedCause;

/** Workflow-task figures over every run of some workflows. */
export interface HistoryFigures {
  readonly runs: number;
  readonly workflowTaskFailures: number;
  /** Failures by cause (`WORKFLOW_TASK_FAILED_CAUSE_…`), for stderr. */
  readonly causes: Readonly<Record<string, number>>;
  /** Workflow tasks that timed out: what a killed worker leaves behind, expected, for stderr. */
  readonly workflowTaskTimeouts: number;
}

/**
 * Reads every run of each workflow (from its first run, following continue-as-new) and counts its
 * WorkflowTaskFailed events. Histories are read as stored: event types only, no payload is decoded.
 */
export async function historyFigures(
  client: Client,
  workflowIds: readonly string[],
  /** Called with each run read, numbered from 0 per workflow (the soak keeps the governor's). */
  keep?: (workflowId: string, run: number, history: temporal.api.history.v1.IHistory) => void,
): Promise<HistoryFigures> {
  let runs = 0;
  let workflowTaskFailures = 0;
  let workflowTaskTimeouts = 0;
  const causes: Record<string, number> = {};
  for (const workflowId of workflowIds) {
    const described = await client.workflow
      .getHandle(workflowId)
      .describe()
      .catch(() => undefined);
    let runId = described?.raw.workflowExecutionInfo?.firstRunId ?? undefined;
    for (let run = 0; runId; run += 1) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      const events = history.events ?? [];
      keep?.(workflowId, run, history);
      runs += 1;
      for (const e of events) {
        if (e.workflowTaskTimedOutEventAttributes) workflowTaskTimeouts += 1;
        const failed = e.workflowTaskFailedEventAttributes;
        if (!failed) continue;
        workflowTaskFailures += 1;
        const cause = TASK_FAILED_CAUSE[failed.cause ?? 0] ?? String(failed.cause);
        causes[cause] = (causes[cause] ?? 0) + 1;
      }
      runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
  }
  return { runs, workflowTaskFailures, causes, workflowTaskTimeouts };
}
