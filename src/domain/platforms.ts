/** Platforms Lethe can erase from. Adding one means a connector, a simulator and configuration. */
export const platformIds = ['liveperson'] as const;
export type PlatformId = (typeof platformIds)[number];

/** Record kinds the platforms delete, by platform. LivePerson: chat engagements, messaging conversations, consumer profiles, tickets. */
export const recordKindsByPlatform = {
  liveperson: ['conversation', 'engagement', 'consumer', 'ticketing'],
} as const satisfies Record<PlatformId, readonly string[]>;
export type RecordKind = (typeof recordKindsByPlatform)[PlatformId][number];

/** One deletable record on a platform: what the subject's data lives in. */
export interface PlatformRecord {
  readonly kind: RecordKind;
  readonly id: string;
  /** Open conversations and ongoing engagements cannot be deleted yet. */
  readonly active: boolean;
}

/** What a platform allows per deletion request. */
export interface PlatformLimits {
  /** Unique ids per request (LivePerson: 100). */
  readonly maxIdsPerRequest: number;
  /** Kinds the platform deletes, in the order they should be requested. */
  readonly kinds: readonly RecordKind[];
  /** Requests per calendar month (UTC), if the platform has such a quota. */
  readonly monthlyRequestQuota?: number;
  /** How long after a request the platform promises the deletion done (LivePerson: 5-day grace + 20 days). */
  readonly deletionWithinMs: number;
}

/**
 * The platforms' documented limits. LivePerson: 100 unique ids of one kind per request, 100 requests a
 * calendar month; conversations before the consumer profile (messaging flow 2), engagements for chat.
 */
export const platformLimits: Record<PlatformId, PlatformLimits> = {
  liveperson: {
    maxIdsPerRequest: 100,
    kinds: ['conversation', 'engagement', 'consumer', 'ticketing'],
    monthlyRequestQuota: 100,
    deletionWithinMs: 25 * 86_400_000,
  },
};
