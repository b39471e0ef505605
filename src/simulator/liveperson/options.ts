const DAY = 86_400_000;

/** Every number the simulated LivePerson account keeps; the defaults are the documented ones. */
export interface LivePersonSimulatorOptions {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Lifetime of an access token. */
  readonly tokenTtlMs: number;
  /** A deletion request can be cancelled for this long (5 days), then it is final. */
  readonly graceMs: number;
  /** Once final, deletion completes within this long (20 days). */
  readonly processingMs: number;
  /** Deletion requests per calendar month (UTC). */
  readonly monthlyQuota: number;
  /** Unique ids per deletion request. */
  readonly maxIdsPerRequest: number;
  /** Messaging Interactions rejects a `start` interval longer than this (three months). */
  readonly conversationWindowMs: number;
  /** Engagement History rejects a `start` interval longer than this (one month). */
  readonly engagementWindowMs: number;
  /** Conversations and engagements older than this are gone (13 months). */
  readonly retentionMs: number;
  /** Largest page (`limit`) the history APIs accept. */
  readonly maxPageSize: number;
  /** What deleted personal data is replaced with. */
  readonly placeholder: string;
}

export const defaultSimulatorOptions: LivePersonSimulatorOptions = {
  accountId: '20762324',
  clientId: 'lethe-demo-client',
  clientSecret: 'lethe-demo-secret',
  tokenTtlMs: 3_600_000,
  graceMs: 5 * DAY,
  processingMs: 20 * DAY,
  monthlyQuota: 100,
  maxIdsPerRequest: 100,
  conversationWindowMs: 3 * 31 * DAY,
  engagementWindowMs: 31 * DAY,
  retentionMs: 13 * 31 * DAY,
  maxPageSize: 100,
  placeholder: '** LP deleted data **',
};
