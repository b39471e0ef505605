import { randomBytes, randomUUID } from 'node:crypto';
import type { PrivacyRequestStatus, TaskStatus } from './contract';

/** Which traversal a task belongs to: the connector's `read`, then its `update`. */
export type TaskAction = 'access' | 'erasure';

/** A callback that passed authentication, with the simulator time it arrived at and Fides' answer. */
export interface CallbackRecord {
  readonly body: unknown;
  readonly at: number;
  readonly status: number;
}

/** What Lethe answered when Fides sent it the task's request (status 0: no answer). */
export interface ExecutorAnswer {
  readonly status: number;
  readonly body: string;
  readonly error?: string;
}

/** One request task: the connector's collection in one traversal. */
export interface RequestTask {
  readonly id: string;
  readonly action: TaskAction;
  status: TaskStatus;
  readonly callbacks: CallbackRecord[];
  /** When Fides sent the request to Lethe (the callback timeout runs from then). */
  sentAt?: number;
  executorAnswer?: ExecutorAnswer;
  /** Why the task failed, when it did. */
  error?: string;
  /** The JSON of the callback that completed it, to tell a retry of that callback from a new one. */
  completedBy?: string;
}

/** A privacy request with its two tasks, access first. */
export interface PrivacyRequest {
  readonly id: string;
  readonly email: string;
  readonly createdAt: number;
  status: PrivacyRequestStatus;
  readonly tasks: readonly [RequestTask, RequestTask];
  accessRows?: Array<Record<string, unknown>>;
  rowsMasked?: number;
}

/** A `reply_to_token` the simulator issued: the task it names and when (the JWE's `request_task_id`, `iat`). */
export interface IssuedToken {
  readonly requestId: string;
  readonly taskId: string;
  readonly issuedAt: number;
}

/** The deployment's privacy requests, by id, and the tokens issued for their tasks. */
export class FidesStore {
  private readonly requests = new Map<string, PrivacyRequest>();
  private readonly tokens = new Map<string, IssuedToken>();

  get(id: string): PrivacyRequest | undefined {
    return this.requests.get(id);
  }

  add(id: string, email: string, now: number): PrivacyRequest {
    const task = (action: TaskAction): RequestTask => ({
      id: randomUUID(),
      action,
      status: 'pending',
      callbacks: [],
    });
    const request: PrivacyRequest = {
      id,
      email,
      createdAt: now,
      status: 'pending',
      tasks: [task('access'), task('erasure')],
    };
    this.requests.set(id, request);
    return request;
  }

  /**
   * Issues a token naming `task`. The real one is a JWE (A256GCM, under `app_encryption_key`) of
   * `{request_task_id, scopes: [PRIVACY_REQUEST_CALLBACK_RESUME], iat}`; here it is an opaque random
   * string, since only Fides reads it. Each request sent carries a fresh one (`generate_query`).
   */
  issue(request: PrivacyRequest, task: RequestTask, now: number): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { requestId: request.id, taskId: task.id, issuedAt: now });
    return token;
  }

  token(value: string): IssuedToken | undefined {
    return this.tokens.get(value);
  }

  reset(): void {
    this.requests.clear();
    this.tokens.clear();
  }
}

/** The task `action` of `request`. */
export const taskOf = (request: PrivacyRequest, action: TaskAction): RequestTask =>
  action === 'access' ? request.tasks[0] : request.tasks[1];

/**
 * Fails every task that has waited for its callback past the timeout, and the request with it: the
 * Temporal engine's "Callback task timed out". Run before anything reads or acts on the request.
 */
export function expireWaits(request: PrivacyRequest, now: number, timeoutMs: number): void {
  for (const task of request.tasks) {
    if (task.status !== 'awaiting_processing' || task.sentAt === undefined) continue;
    if (now - task.sentAt <= timeoutMs) continue;
    task.status = 'error';
    task.error = 'Callback task timed out';
    if (request.status === 'in_processing' || request.status === 'approved') request.status = 'error';
  }
}
