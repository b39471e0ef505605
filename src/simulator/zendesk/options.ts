const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Every name and number the simulated Zendesk account keeps (docs/zendesk-api.md; §11 where the
 * documents are silent). Times are on the simulator's virtual clock.
 */
export interface ZendeskSimulatorOptions {
  /** Support auth is `Basic base64("{agentEmail}/token:{apiToken}")` (§1). */
  readonly agentEmail: string;
  readonly apiToken: string;
  /** The plan's requests a minute over every Support call (Enterprise: 700, §8). */
  readonly ratePerMinute: number;
  /** `DELETE /api/v2/tickets/{id}`: 400 a minute (§4). */
  readonly ticketDeletesPerMinute: number;
  /** `GET /api/v2/deleted_tickets`: 10 a minute (§4). */
  readonly deletedTicketListsPerMinute: number;
  /** `DELETE /api/v2/deleted_users/{id}`: 700 every 10 minutes (§6). */
  readonly permanentUserDeletions: number;
  readonly permanentUserDeletionWindowMs: number;
  /** A job is queued this long, then working for `jobWorkingMs`, then completed (R8). */
  readonly jobQueuedMs: number;
  readonly jobWorkingMs: number;
  /** A finished job's status reads this long, then 404 (R8). */
  readonly jobStatusRetentionMs: number;
  /** Jobs queued or working at once per account; one more is a 429 (R9). */
  readonly maxActiveJobs: number;
  /** Sunshine Conversations: the app, and the key whose `keyId:secret` is the Basic auth (§9). */
  readonly messagingAppId: string;
  readonly messagingKeyId: string;
  readonly messagingKeySecret: string;
  /** A deleted messaging user still reads 200 this long after `DELETE` (its `user:delete`), then 404 (R14). */
  readonly messagingDeletionMs: number;
  /** Soft-deleted tickets and users are permanently deleted by Zendesk itself after this (§10). */
  readonly softDeleteRetentionMs: number;
}

/** The documented numbers (§4–§8), the §11 readings, and the simulator's own names and secrets. */
export const defaultZendeskOptions: ZendeskSimulatorOptions = {
  agentEmail: 'lethe-agent@example.com',
  apiToken: 'lethe-zendesk-token',
  ratePerMinute: 700,
  ticketDeletesPerMinute: 400,
  deletedTicketListsPerMinute: 10,
  permanentUserDeletions: 700,
  permanentUserDeletionWindowMs: 10 * MINUTE,
  jobQueuedMs: 2_000,
  jobWorkingMs: 5_000,
  jobStatusRetentionMs: 60 * MINUTE,
  maxActiveJobs: 30,
  messagingAppId: 'lethe-app',
  messagingKeyId: 'app_lethe',
  messagingKeySecret: 'lethe-messaging-secret',
  messagingDeletionMs: MINUTE,
  softDeleteRetentionMs: 30 * DAY,
};
