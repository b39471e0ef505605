// Apart from the connector so that configuration (and so the client) reads the defaults without
// loading the connector and its HTTP stack.

/** Where the platform's calls live, relative to `baseUrl`. */
export interface ChatbotPaths {
  /** Data Compliance API: delete a chatter's conversations (POST `{uci_key, uci_value}`). */
  readonly delete: string;
  /** The Conversations log: `GET <path>?uci_key&uci_value&page&page_size` and `GET <path>/{id}`. */
  readonly conversations: string;
}

/** The simulator's paths: the vendor does not publish its own, so they are configuration. */
export const defaultChatbotPaths: ChatbotPaths = {
  delete: '/api/v1/data-compliance/delete',
  conversations: '/api/v1/conversations',
};
