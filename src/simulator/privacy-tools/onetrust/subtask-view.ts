import type { SubtaskStatus } from './contract';
import type { CommentEntry, Delivery, Identifier, StatusEntry, Subtask } from './store';

/** A subtask as the admin API shows it (times in epoch ms on the simulator's clock). */
export interface SubtaskView {
  readonly subtaskId: string;
  readonly requestRefId: string;
  readonly identifiers: readonly Identifier[];
  readonly receivedAt: number;
  readonly deadline: number;
  readonly status: SubtaskStatus;
  /** Every status it took, OPEN at creation first. */
  readonly statusHistory: readonly StatusEntry[];
  /** Every accepted `PUT …/complete`. */
  readonly comments: readonly CommentEntry[];
  /** Every POST of the HTTP action, over every trigger. */
  readonly deliveries: readonly Delivery[];
  readonly completedAt?: number;
  readonly rejectedAt?: number;
}

/** The admin API's view of a subtask (copies nothing: it is serialised at once). */
export function subtaskView(subtask: Subtask): SubtaskView {
  return {
    subtaskId: subtask.subtaskId,
    requestRefId: subtask.requestRefId,
    identifiers: subtask.identifiers,
    receivedAt: subtask.receivedAt,
    deadline: subtask.deadline,
    status: subtask.status,
    statusHistory: subtask.statusHistory,
    comments: subtask.comments,
    deliveries: subtask.deliveries,
    ...(subtask.completedAt !== undefined ? { completedAt: subtask.completedAt } : {}),
    ...(subtask.rejectedAt !== undefined ? { rejectedAt: subtask.rejectedAt } : {}),
  };
}
