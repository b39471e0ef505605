import type { PrivacyRequestStatus, TaskStatus } from './contract';
import type { CallbackRecord, ExecutorAnswer, PrivacyRequest, RequestTask, TaskAction } from './store';

/** A task as the admin API answers it. */
export interface TaskView {
  readonly id: string;
  readonly action: TaskAction;
  readonly status: TaskStatus;
  readonly callbacks: readonly CallbackRecord[];
  readonly sentAt?: number;
  readonly executorAnswer?: ExecutorAnswer;
  readonly error?: string;
}

/** A privacy request as the admin API answers it. */
export interface RequestView {
  readonly id: string;
  readonly email: string;
  readonly createdAt: number;
  readonly status: PrivacyRequestStatus;
  readonly tasks: readonly TaskView[];
  readonly accessRows?: ReadonlyArray<Record<string, unknown>>;
  readonly rowsMasked?: number;
}

/** The admin API's view of a request (copies nothing: it is serialised at once). */
export function requestView(request: PrivacyRequest): RequestView {
  return {
    id: request.id,
    email: request.email,
    createdAt: request.createdAt,
    status: request.status,
    tasks: request.tasks.map(taskView),
    ...(request.accessRows !== undefined ? { accessRows: request.accessRows } : {}),
    ...(request.rowsMasked !== undefined ? { rowsMasked: request.rowsMasked } : {}),
  };
}

function taskView(task: RequestTask): TaskView {
  return {
    id: task.id,
    action: task.action,
    status: task.status,
    callbacks: task.callbacks,
    ...(task.sentAt !== undefined ? { sentAt: task.sentAt } : {}),
    ...(task.executorAnswer !== undefined ? { executorAnswer: task.executorAnswer } : {}),
    ...(task.error !== undefined ? { error: task.error } : {}),
  };
}
