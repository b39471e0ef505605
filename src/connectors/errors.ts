import { type ErrorType, errorTypes } from '../domain/error-types';

/** Where a platform error happened. Never holds personal data: platform, operation, status, request id. */
export interface PlatformErrorContext {
  readonly platform: string;
  readonly operation: string;
  readonly status?: number;
  readonly requestId?: string;
}

/** Base of every error a connector throws; `type` is the stable name that crosses into workflows. */
export abstract class PlatformError extends Error {
  abstract readonly type: ErrorType;
  readonly platform: string;
  readonly operation: string;
  readonly status?: number;

  constructor(context: PlatformErrorContext, message: string, options?: { cause?: unknown }) {
    super(`${context.platform} ${context.operation}: ${message}`, options);
    this.name = new.target.name;
    this.platform = context.platform;
    this.operation = context.operation;
    if (context.status !== undefined) this.status = context.status;
  }
}

/** Thrown when the platform refuses a request as invalid (400 and other 4xx): retrying cannot help. */
export class PlatformRejectedError extends PlatformError {
  readonly type = errorTypes.rejected;
  /** The platform's own explanation, kept for the operator. */
  readonly platformMessage: string;
  constructor(context: PlatformErrorContext, platformMessage: string, options?: { cause?: unknown }) {
    super(context, `rejected (HTTP ${context.status ?? '?'}): ${platformMessage}`, options);
    this.platformMessage = platformMessage;
  }
}

/**
 * Thrown when a call answers 404 where a 404 proves nothing: a search or list, or a record that read
 * never returned before. A wrong base URL, region or permission reads the same as a missing record.
 * Connectors catch the 404s that do mean "gone" (a record the same read returned at discovery).
 */
export class NotFoundError extends PlatformError {
  readonly type = errorTypes.notFound;
  constructor(context: PlatformErrorContext, options?: { cause?: unknown }) {
    super(
      context,
      'HTTP 404 for something this call never returned: check the base URL, the region and the permissions (a record that does not exist reads the same)',
      options,
    );
  }
}

/** Thrown when the platform refuses the credentials (401) or their privileges (403). */
export class AuthFailedError extends PlatformError {
  readonly type = errorTypes.authFailed;
}

/** Thrown when a period quota is used up (LivePerson: deletion requests per calendar month, 429). */
export class QuotaExhaustedError extends PlatformError {
  readonly type = errorTypes.quotaExhausted;
}

/** Thrown when the platform throttles with a short delay (429 with Retry-After). */
export class RateLimitedError extends PlatformError {
  readonly type = errorTypes.rateLimited;
  constructor(
    context: PlatformErrorContext,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(context, `rate limited; retry after ${retryAfterMs} ms`, options);
  }
}

/** Thrown on 5xx, 408, timeouts and connection failures: transient, retried with backoff. */
export class PlatformUnavailableError extends PlatformError {
  readonly type = errorTypes.unavailable;
  /** The platform's Retry-After, when its answer gave one (a 503 may). */
  readonly retryAfterMs?: number;
  constructor(
    context: PlatformErrorContext,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(context, message, options);
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** Thrown when a response does not keep the platform's contract (bad JSON, missing fields, wrong types). */
export class ProtocolError extends PlatformError {
  readonly type = errorTypes.protocol;
}
