import { randomInt, randomUUID } from 'node:crypto';
import { closedStatuses, type SubtaskStatus } from './contract';

const DAY_MS = 86_400_000;

/** Who moved a subtask to a status: its creation, Lethe's status or complete call, or an operator. */
export type StatusSource = 'created' | 'status' | 'complete' | 'operator';

/** A status the subtask took, at simulator time `at` (epoch ms), with what the call carried. */
export interface StatusEntry {
  readonly status: SubtaskStatus;
  readonly at: number;
  readonly source: StatusSource;
  readonly comment?: string;
  readonly resolutionId?: string;
}

/** `AttachmentV2Dto`, as Lethe sent it. */
export interface Attachment {
  readonly fileId: string;
  readonly fileName: string;
  readonly statusId?: number;
  readonly resourcePath?: string;
}

/** An accepted `PUT …/complete`. */
export interface CommentEntry {
  readonly comment: string;
  readonly markAsComplete: boolean;
  readonly resolutionId?: string;
  readonly attachments?: readonly Attachment[];
  readonly at: number;
}

/** One POST of the HTTP action to Lethe (status 0: no answer, the connection failed). */
export interface Delivery {
  readonly at: number;
  readonly status: number;
  readonly body: string;
  /** Why there was no answer (status 0 only). */
  readonly error?: string;
}

export interface Identifier {
  readonly type: string;
  readonly value: string;
}

/** The system subtask OneTrust created for Lethe on one request, and everything done to it since. */
export interface Subtask {
  readonly subtaskId: string;
  readonly requestRefId: string;
  readonly identifiers: readonly Identifier[];
  /** When the request was received (epoch ms); the subtask is created at the same instant. */
  readonly receivedAt: number;
  readonly deadline: number;
  status: SubtaskStatus;
  readonly statusHistory: StatusEntry[];
  readonly comments: CommentEntry[];
  readonly deliveries: Delivery[];
  completedAt?: number;
  rejectedAt?: number;
  /** The call that closed it (route and body, as JSON), to tell a retry of that call from a new one. */
  closingCall?: string;
}

export interface NewSubtask {
  readonly requestRefId?: string;
  readonly identifiers: readonly Identifier[];
  readonly deadlineInDays: number;
}

/** The tenant's system subtasks for Lethe, by id. */
export class OneTrustStore {
  private readonly subtasks = new Map<string, Subtask>();

  get(id: string): Subtask | undefined {
    return this.subtasks.get(id.toLowerCase());
  }

  create(input: NewSubtask, now: number): Subtask {
    const subtask: Subtask = {
      subtaskId: randomUUID(),
      requestRefId: input.requestRefId ?? newRefId(),
      identifiers: input.identifiers,
      receivedAt: now,
      deadline: now + input.deadlineInDays * DAY_MS,
      status: 'OPEN',
      statusHistory: [{ status: 'OPEN', at: now, source: 'created' }],
      comments: [],
      deliveries: [],
    };
    this.subtasks.set(subtask.subtaskId, subtask);
    return subtask;
  }

  /** Moves a subtask to `entry.status`; the first COMPLETED or REJECTED closes it for good. */
  move(subtask: Subtask, entry: StatusEntry, call?: string): void {
    subtask.status = entry.status;
    subtask.statusHistory.push(entry);
    if (entry.status === 'COMPLETED') subtask.completedAt = entry.at;
    if (entry.status === 'REJECTED') subtask.rejectedAt = entry.at;
    if (closedStatuses.has(entry.status) && call !== undefined) subtask.closingCall = call;
  }

  reset(): void {
    this.subtasks.clear();
  }
}

const REF_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A request reference as OneTrust shows them (`requestQueueRefId`: ten characters, e.g. `ZASHMHK2K7`). */
function newRefId(): string {
  return Array.from({ length: 10 }, () => REF_CHARS[randomInt(REF_CHARS.length)]).join('');
}
