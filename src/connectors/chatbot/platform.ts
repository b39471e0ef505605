import { DAY_MS, definePlatform } from '../../domain/platform-descriptor';

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
});
