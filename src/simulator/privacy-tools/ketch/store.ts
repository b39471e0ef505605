import { finalStatuses, type KetchStatus, type StatusUpdate } from './contract';
import type { DeleteRequestBody } from './delete-request';

/** Where a status came from: the executor's `DeleteResponse`, or a `DeleteStatusEvent` to a callback. */
export type StatusSource = 'response' | 'event';

/** A status Ketch accepted, with the simulator time (epoch ms) it arrived at. */
export type StatusEntry = StatusUpdate & { readonly source: StatusSource; readonly at: number };

/** One POST of the `DeleteRequest` to the executor (status 0: no answer, the connection failed). */
export interface DeliveryAttempt {
  readonly at: number;
  readonly status: number;
  /** Every rule of the protocol the answer broke; empty when it kept them all. */
  readonly breaches: readonly string[];
  /** Why there was no answer (status 0 only). */
  readonly error?: string;
}

/** A deletion Ketch forwards, and everything the executor answered about it. */
export interface ForwardedRequest {
  readonly uid: string;
  readonly createdAt: number;
  /** What every attempt and every send POSTs: the same body under the same uid. */
  readonly body: DeleteRequestBody;
  readonly attempts: DeliveryAttempt[];
  /** When the first attempt began: from then on the executor holds the callback and may send events. */
  sentAt?: number;
  /** The JSON of the last 200 answer (undefined when it was none). */
  response?: unknown;
  /** The breaches of the last 200 answer. */
  responseBreaches: readonly string[];
  /** Accepted statuses in arrival order: the response's (when it kept the contract), then the events'. */
  readonly history: StatusEntry[];
  /** The first final status reached; it never changes. */
  finalStatus?: KetchStatus;
  finalAt?: number;
  /** The event payload (JSON) that made it final, to tell a retry of that event from a new one. */
  finalEvent?: string;
}

/**
 * `created`: never sent; `failed`: sent, but no attempt was answered 200; `sent`: answered 200, no
 * final status yet; `final`: completed, cancelled or denied.
 */
export type RequestState = 'created' | 'failed' | 'sent' | 'final';

/** The tenant's forwarded requests, by uid. */
export class KetchStore {
  private readonly requests = new Map<string, ForwardedRequest>();

  get(uid: string): ForwardedRequest | undefined {
    return this.requests.get(uid);
  }

  add(body: DeleteRequestBody, now: number): ForwardedRequest {
    const request: ForwardedRequest = {
      uid: body.metadata.uid,
      createdAt: now,
      body,
      attempts: [],
      responseBreaches: [],
      history: [],
    };
    this.requests.set(request.uid, request);
    return request;
  }

  /** Records an accepted status; the first final one closes the request. */
  record(request: ForwardedRequest, entry: StatusEntry, event?: unknown): void {
    request.history.push(entry);
    if (request.finalStatus === undefined && finalStatuses.has(entry.status)) {
      request.finalStatus = entry.status;
      request.finalAt = entry.at;
      if (event !== undefined) request.finalEvent = JSON.stringify(event);
    }
  }

  reset(): void {
    this.requests.clear();
  }
}

export function stateOf(request: ForwardedRequest): RequestState {
  if (request.finalStatus !== undefined) return 'final';
  if (request.attempts.some((a) => a.status === 200)) return 'sent';
  return request.attempts.length > 0 ? 'failed' : 'created';
}
