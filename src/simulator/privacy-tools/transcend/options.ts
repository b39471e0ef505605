/**
 * Every name and number the simulated Transcend keeps for the one data silo (a custom integration)
 * Lethe executes for. Transcend documents none of these values: they are the simulator's defaults, and
 * Lethe takes the real ones as configuration.
 */
export interface TranscendOptions {
  /** The data silo's id (`GET /v1/data-silo/{dataSiloId}/pending-requests/{type}`). */
  readonly dataSiloId: string;
  /** The API key scoped to the silo: `Authorization: Bearer <apiKey>` on every call Lethe makes. */
  readonly apiKey: string;
  /** The `aud` of every `x-sombra-token` (the "Sombra audience" Lethe is configured with). */
  readonly audience: string;
  /** Where the silo's webhooks go; unset until configured (the admin API can set it later). */
  readonly webhookUrl?: string;
  /** Lifetime of an `x-sombra-token` (`exp` − `iat`), on the simulator's clock. */
  readonly tokenTtlMs: number;
  /** `PUT /v1/data-silo` calls allowed per minute (sliding window) before a 429. */
  readonly ratePerMinute: number;
  /** Days a request has before it is overdue (`daysUntilOverdue` in the pending list). */
  readonly requestDeadlineDays: number;
  /** How long a webhook delivery waits for Lethe's answer before it counts as failed (status 0). */
  readonly webhookTimeoutMs: number;
}

export const defaultTranscendOptions: TranscendOptions = {
  dataSiloId: 'lethe-silo',
  apiKey: 'transcend-silo-api-key',
  audience: 'lethe-intake',
  tokenTtlMs: 60_000,
  ratePerMinute: 60,
  requestDeadlineDays: 30,
  webhookTimeoutMs: 10_000,
};
