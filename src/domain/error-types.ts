/**
 * Stable failure types that cross from activities into workflows (as `ApplicationFailure.type`).
 * Retry is decided by type, never by message text.
 */
export const errorTypes = {
  /** The platform refused the request (400 and other client errors): not retried; the batch is reported failed. */
  rejected: 'PlatformRejected',
  /** Credentials refused (401/403): not retried until an operator fixes them. */
  authFailed: 'AuthFailed',
  /** A period quota is used up (LivePerson: requests per calendar month): wait for the reset. */
  quotaExhausted: 'QuotaExhausted',
  /** Throttled with a short delay: retried after it. */
  rateLimited: 'RateLimited',
  /** 5xx, timeouts and connection failures: retried with backoff. */
  unavailable: 'PlatformUnavailable',
  /** The platform answered something that does not keep its contract. */
  protocol: 'ProtocolError',
  /**
   * A read answered 404 for a record it never returned before: a wrong base URL, region or permission
   * reads the same as a missing record, so nothing is concluded; the erasure needs attention.
   */
  notFound: 'UnexplainedNotFound',
  /** The erasure's own input is invalid. */
  invalidRequest: 'InvalidRequest',
} as const;
export type ErrorType = (typeof errorTypes)[keyof typeof errorTypes];

/** Types an activity must not retry on its own. */
export const nonRetryableErrorTypes: ErrorType[] = [
  errorTypes.rejected,
  errorTypes.authFailed,
  errorTypes.quotaExhausted,
  errorTypes.notFound,
  errorTypes.invalidRequest,
];

/** Types that put an erasure in *needs attention*: an operator must fix something before it can go on. */
export const attentionErrorTypes: readonly string[] = [errorTypes.authFailed, errorTypes.notFound];
