/** A header as the OneTrust admin configures the HTTP action: one name and its value. */
export interface OneTrustHeader {
  readonly name: string;
  readonly value: string;
}

/**
 * What the simulated OneTrust tenant is set up with. OneTrust fixes none of these values (the customer
 * creates the client credential and configures the workflow's HTTP action): they are the simulator's
 * defaults, and Lethe takes the real ones as configuration.
 */
export interface OneTrustOptions {
  /** The OAuth 2.0 client credential (Global Settings > Client Credentials). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The scopes the credential was created with; each token carries them (`ot-scopes`). */
  readonly scopes: readonly string[];
  /** The credential's "Access Token Lifetime" (OneTrust offers 1 hour to 1 year), on the simulator's clock. */
  readonly tokenTtlMs: number;
  /** Where the HTTP action posts (Lethe's intake); unset until configured (the admin API can set it later). */
  readonly intakeUrl?: string;
  /** The header the HTTP action sends. */
  readonly intakeHeader: OneTrustHeader;
  /** Calls per clock minute to each subtask endpoint before a 429 (OneTrust's per-API minute rule). */
  readonly ratePerMinute: number;
  /**
   * The answer to an update of a subtask that is already COMPLETED or REJECTED. OneTrust documents no
   * answer for it; 400 is the only client error its subtask operations list besides 401/403/429.
   */
  readonly closedSubtaskStatus: 400 | 409;
  /** Days from the request's receipt to its deadline, when the admin call gives none. */
  readonly deadlineInDays: number;
  /** How long one HTTP action attempt waits for Lethe's answer before it counts as failed (status 0). */
  readonly actionTimeoutMs: number;
}

export const defaultOneTrustOptions: OneTrustOptions = {
  clientId: 'lethe-onetrust-client',
  clientSecret: 'lethe-onetrust-secret',
  scopes: ['DSAR_WRITE', 'DSAR_READ'],
  tokenTtlMs: 3_600_000,
  intakeHeader: { name: 'Authorization', value: 'Bearer onetrust-action-secret' },
  ratePerMinute: 60,
  closedSubtaskStatus: 400,
  deadlineInDays: 30,
  actionTimeoutMs: 10_000,
};
