import { DAY_MS, definePlatform } from '../../domain/platform-descriptor';

/**
 * LivePerson: chat engagements, messaging conversations, consumer profiles, tickets. 100 unique ids of
 * one kind per request, 100 requests a calendar month; conversations before the consumer profile
 * (messaging flow 2), engagements for chat; a request can be withdrawn during its 5-day grace period,
 * and the deletion is done 20 days after it.
 */
export const livepersonPlatform = definePlatform({
  id: 'liveperson',
  name: 'LivePerson',
  recordKinds: ['conversation', 'engagement', 'consumer', 'ticketing'],
  limits: {
    maxIdsPerRequest: 100,
    kinds: ['conversation', 'engagement', 'consumer', 'ticketing'],
    requestScope: 'records',
    waitsForOpenConversations: ['consumer'],
    monthlyRequestQuota: 100,
    deletionWithinMs: 25 * DAY_MS,
    cancellable: true,
  },
});
