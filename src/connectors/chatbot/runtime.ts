import type { z } from 'zod';
import type { ConnectorDeps, PlatformRuntime } from '../platform-deps';
import { ChatbotConnector } from './connector';
import type { ChatbotSchema } from './platform';

export type ChatbotSettings = z.output<typeof ChatbotSchema>;

/** The chatbot connector of a configuration's `chatbot` block (it keeps no clock of its own). */
export function chatbotConnector(c: ChatbotSettings, deps: ConnectorDeps): ChatbotConnector {
  return new ChatbotConnector({
    baseUrl: c.baseUrl,
    apiToken: c.apiToken,
    uciKey: c.uciKey,
    uciFrom: c.uciFrom,
    paths: { delete: c.deletePath, conversations: c.conversationsPath },
    dispatcher: deps.dispatcher,
    timeoutMs: deps.timeoutMs,
    retry: deps.retry,
  });
}

/** What the connector registry loads for this platform (by its folder's name). */
export const runtime: PlatformRuntime<ChatbotSettings> = { connector: chatbotConnector };
