import { ApplicationFailure } from '@temporalio/common';
import { PlatformError, ProtocolError, RateLimitedError } from '../connectors/errors';
import { nonRetryableErrorTypes } from '../domain/error-types';

/** After this many attempts a protocol error is taken as lasting, not a glitch, and stops retrying. */
export const PROTOCOL_ERROR_ATTEMPTS = 10;

/**
 * Turns a connector error into the ApplicationFailure the workflow sees: a stable `type`, whether to
 * retry, and for throttling the platform's own delay. Other errors pass through (the SDK retries them).
 */
export function toActivityFailure(err: unknown, attempt: number): unknown {
  if (!(err instanceof PlatformError)) return err;
  // One list of types not to retry (the same one the workflow's retry policy names).
  const nonRetryable =
    nonRetryableErrorTypes.includes(err.type) ||
    (err instanceof ProtocolError && attempt >= PROTOCOL_ERROR_ATTEMPTS);
  return ApplicationFailure.create({
    message: err.message,
    type: err.type,
    nonRetryable,
    details: [{ platform: err.platform, operation: err.operation, status: err.status ?? null }],
    ...(err instanceof RateLimitedError ? { nextRetryDelay: err.retryAfterMs } : {}),
    cause: err,
  });
}
