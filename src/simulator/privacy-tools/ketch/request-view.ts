import type { KetchStatus } from './contract';
import type { DeleteRequestBody } from './delete-request';
import {
  type DeliveryAttempt,
  type ForwardedRequest,
  type RequestState,
  type StatusEntry,
  stateOf,
} from './store';

/** A forwarded request as the admin API shows it (times in epoch ms on the simulator's clock). */
export interface RequestView {
  readonly uid: string;
  readonly createdAt: number;
  readonly state: RequestState;
  /** When the first attempt began (absent until sent). */
  readonly sentAt?: number;
  /** The `DeleteRequest` exactly as Ketch sends it. */
  readonly request: DeleteRequestBody;
  /** Every POST to the executor, over every send. */
  readonly attempts: readonly DeliveryAttempt[];
  /** The JSON of the last 200 answer, when there was one and it was JSON. */
  readonly response?: unknown;
  readonly responseBreaches: readonly string[];
  /** Accepted statuses in arrival order: the response's first, then each event's. */
  readonly events: readonly StatusEntry[];
  readonly finalStatus?: KetchStatus;
  readonly finalAt?: number;
}

/** The admin API's view of a request (copies nothing: it is serialised at once). */
export function requestView(request: ForwardedRequest): RequestView {
  return {
    uid: request.uid,
    createdAt: request.createdAt,
    state: stateOf(request),
    ...(request.sentAt !== undefined ? { sentAt: request.sentAt } : {}),
    request: request.body,
    attempts: request.attempts,
    ...(request.response !== undefined ? { response: request.response } : {}),
    responseBreaches: request.responseBreaches,
    events: request.history,
    ...(request.finalStatus !== undefined
      ? { finalStatus: request.finalStatus, finalAt: request.finalAt }
      : {}),
  };
}
