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
  /**
   * Messaging Interactions refuses a `start` (or `end`) interval of more than this many calendar
   * months: three, from a day to the same day of the third month after (platform-contracts §0).
   */
  readonly conversationWindowMonths: number;
  /** Engagement History refuses a `start` interval of more than this many calendar months: one. */
  readonly engagementWindowMonths: number;
  /** Conversations and engagements older than this many calendar months are gone (13). */
  readonly retentionMonths: number;
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
  conversationWindowMonths: 3,
  engagementWindowMonths: 1,
  retentionMonths: 13,
  maxPageSize: 100,
  placeholder: '** LP deleted data **',
};
