import { z } from 'zod';
import { apiPath, httpUrl, listOf, secret } from '../../config/schema-kit';
import { generalIdentifierKinds } from '../../domain/identifier-kinds';
import { DAY_MS, definePlatform } from '../../domain/platform-descriptor';
import { sharedSchema } from '../../domain/shared-schemas';
import { defaultChatbotPaths } from './paths';

/**
 * The chatbot's Data Compliance API. The vendor does not publish paths or auth, so they are
 * configuration; the defaults are the simulator's.
 */
export const ChatbotSchema = sharedSchema('settings/chatbot', () =>
  z.object({
    baseUrl: httpUrl,
    apiToken: secret,
    /** The bot's Unique Chatter Identifier key (the variable flagged as UCI). */
    uciKey: z.string().trim().min(1),
    /**
     * Identifier kinds whose values are UCI values (comma-separated in the environment): the general
     * kinds, or the chatbot's own.
     */
    uciFrom: listOf(z.enum([...generalIdentifierKinds, 'chatbotUci']))
      .refine((kinds) => kinds.length > 0, 'must name at least one identifier kind')
      .default(['chatbotUci']),
    deletePath: apiPath.default(defaultChatbotPaths.delete),
    conversationsPath: apiPath.default(defaultChatbotPaths.conversations),
  }),
);

/**
 * The chatbot (Laiye/ViaSay): the chatter's conversations. One delete per chatter id, accepted
 * asynchronously with no status and no cancel; its conversations are verified as one group.
 */
export const chatbotPlatform = definePlatform({
  id: 'chatbot',
  name: 'chatbot',
  recordKinds: ['conversation'],
  limits: {
    maxIdsPerRequest: 10_000,
    kinds: ['conversation'],
    requestScope: 'subject',
    waitsForOpenConversations: [],
    deletionWithinMs: 30 * DAY_MS,
    cancellable: false,
  },
  identifierKinds: {
    /** The value of the chatbot's Unique Chatter Identifier (its key is configuration). */
    chatbotUci: (v) => v.opaqueId,
  },
  settings: {
    schema: ChatbotSchema,
    variables: {
      baseUrl: 'LETHE_CHATBOT_BASE_URL',
      apiToken: 'LETHE_CHATBOT_API_TOKEN',
      uciKey: 'LETHE_CHATBOT_UCI_KEY',
      uciFrom: 'LETHE_CHATBOT_UCI_FROM',
      deletePath: 'LETHE_CHATBOT_DELETE_PATH',
      conversationsPath: 'LETHE_CHATBOT_CONVERSATIONS_PATH',
    },
  },
});
