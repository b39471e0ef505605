const DAY = 86_400_000;

/**
 * Every number and name the simulated chatbot (Laiye Chatbot, now ViaSay) keeps. The vendor documents
 * neither the paths nor the field names of its Data Compliance API, so these defaults are the
 * simulator's own, and the connector takes them as configuration.
 */
export interface ChatbotSimulatorOptions {
  /** The API token the platform accepts as `Authorization: Bearer <token>`. */
  readonly apiToken: string;
  /** The bot's one Unique Chatter Identifier: the Flow Builder variable flagged as UCI. */
  readonly uciKey: string;
  /** How long after a delete is accepted its conversations are erased (the platform promises no time). */
  readonly deletionDelayMs: number;
  /** Conversations log paging: the page size when none is asked for, and the largest accepted. */
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** Longest UCI value a compliance request accepts. */
  readonly maxUciValueLength: number;
}

export const defaultChatbotSimulatorOptions: ChatbotSimulatorOptions = {
  apiToken: 'sim-chatbot-api-token',
  uciKey: 'member_id',
  deletionDelayMs: DAY,
  defaultPageSize: 50,
  maxPageSize: 100,
  maxUciValueLength: 255,
};
