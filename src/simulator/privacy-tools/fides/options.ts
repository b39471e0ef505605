const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * What the simulated Fides deployment (one custom SaaS connector: Lethe's) is set up with. The values a
 * customer would configure are the simulator's defaults; the durations are Fides' own defaults.
 */
export interface FidesOptions {
  /** Lethe's base URL (the connector's `https://<domain>`); settable later by admin. */
  readonly executorUrl?: string;
  /** The connector's `access_token` secret: `Authorization: Bearer <apiKey>` on every call to Lethe. */
  readonly apiKey: string;
  /**
   * How long a task waits for its callback before it fails: `async_polling_request_timeout_days`
   * (default 30), which the Temporal engine's `NodeExecutionWorkflow._execute_callback` waits for the signal.
   */
  readonly callbackTimeoutMs: number;
  /**
   * How long a `reply_to_token` is honoured after it was issued: `is_callback_token_expired` compares the
   * JWE's `iat` with `execution.privacy_request_delay_timeout` minutes (default 3600 = 60 h); later, 403.
   */
  readonly tokenTtlMs: number;
  /** How long a call to Lethe waits for its answer before it counts as failed (status 0). */
  readonly timeoutMs: number;
}

export const defaultFidesOptions: FidesOptions = {
  apiKey: 'lethe-fides-connector-key',
  callbackTimeoutMs: 30 * DAY,
  tokenTtlMs: 3600 * MINUTE,
  timeoutMs: 10_000,
};
