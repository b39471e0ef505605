/**
 * Platforms Lethe can erase from. Adding one means a connector folder, a simulator folder, an entry
 * here and its configuration.
 */
export const platformIds = ['liveperson', 'genesys', 'chatbot'] as const;
export type PlatformId = (typeof platformIds)[number];

/** Each platform as people name it (what the Web UI and certificate page show). */
export const platformNames: Record<PlatformId, string> = {
  liveperson: 'LivePerson',
  genesys: 'Genesys Cloud',
  chatbot: 'chatbot',
};

/**
 * Record kinds the platforms delete, by platform. LivePerson: chat engagements, messaging
 * conversations, consumer profiles, tickets. Genesys Cloud: conversations (interactions), their
 * recordings, external contacts. Chatbot: the chatter's conversations.
 */
export const recordKindsByPlatform = {
  liveperson: ['conversation', 'engagement', 'consumer', 'ticketing'],
  genesys: ['conversation', 'recording', 'externalContact'],
  chatbot: ['conversation'],
} as const satisfies Record<PlatformId, readonly string[]>;
export type RecordKind = (typeof recordKindsByPlatform)[PlatformId][number];
export const allRecordKinds = [
  ...new Set(Object.values(recordKindsByPlatform).flat()),
] as readonly RecordKind[] as readonly [RecordKind, ...RecordKind[]];

/** One deletable record on a platform: what the subject's data lives in. */
export interface PlatformRecord {
  readonly kind: RecordKind;
  readonly id: string;
  /** Open conversations and ongoing engagements cannot be deleted yet. */
  readonly active: boolean;
  /** Set when the platform keeps the record under a legal hold of its own: why (no personal data). */
  readonly heldReason?: string;
  /** The identifiers (`identifierKey`) that led discovery to it: how far it is the requester's (issue 15). */
  readonly leads?: readonly string[];
}

/** Data a platform keeps after an erasure, by design or by law, and why: named in every result. */
export interface RetainedData {
  readonly data: string;
  readonly reason: string;
}

/**
 * How a platform's deletion requests are addressed. `records`: a request names the record ids it
 * deletes (LivePerson). `subject`: a request names the person (their identifiers) and the platform
 * erases whatever it holds on them (Genesys GDPR requests, the chatbot's delete by chatter id); the
 * records are what the erasure expects gone and verifies.
 */
export type RequestScope = 'records' | 'subject';

/** What a platform allows per deletion request. */
export interface PlatformLimits {
  /** Unique ids per request (LivePerson: 100). */
  readonly maxIdsPerRequest: number;
  /** Kinds the platform deletes, in the order they should be requested. */
  readonly kinds: readonly RecordKind[];
  readonly requestScope: RequestScope;
  /**
   * Kinds that wait until none of the subject's conversations is open: a profile deleted while its
   * owner is still talking is filled again (LivePerson's consumer profile, Genesys' external contact).
   */
  readonly waitsForOpenConversations: readonly RecordKind[];
  /** Requests per calendar month (UTC), if the platform has such a quota. */
  readonly monthlyRequestQuota?: number;
  /** How long after a request the platform promises the deletion done (LivePerson: 5-day grace + 20 days). */
  readonly deletionWithinMs: number;
  /** Whether a request can be withdrawn after it was made (LivePerson: during its grace period). */
  readonly cancellable: boolean;
  /**
   * Kinds the platform may keep after it reports a request done, and why: still present then, such a
   * record is reported held (kept by the platform, with the reason), re-checked daily and never claimed
   * erased, rather than sent again.
   */
  readonly keptAfterDone?: Partial<Record<RecordKind, string>>;
}

const DAY = 86_400_000;

/**
 * The platforms' documented limits. LivePerson: 100 unique ids of one kind per request, 100 requests a
 * calendar month; conversations before the consumer profile (messaging flow 2), engagements for chat.
 * Genesys: one subject per GDPR request, requests grouped by 100 records to verify (the seed guide's
 * bulk size), no period quota (a per-token rate limit answered with 429 and Retry-After), no cancel.
 * Chatbot: one delete per chatter id, accepted asynchronously with no status and no cancel; its
 * conversations are verified as one group.
 */
export const platformLimits: Record<PlatformId, PlatformLimits> = {
  liveperson: {
    maxIdsPerRequest: 100,
    kinds: ['conversation', 'engagement', 'consumer', 'ticketing'],
    requestScope: 'records',
    waitsForOpenConversations: ['consumer'],
    monthlyRequestQuota: 100,
    deletionWithinMs: 25 * DAY,
    cancellable: true,
  },
  genesys: {
    maxIdsPerRequest: 100,
    kinds: ['conversation', 'recording', 'externalContact'],
    requestScope: 'subject',
    waitsForOpenConversations: ['externalContact'],
    deletionWithinMs: 30 * DAY,
    cancellable: false,
    // Seed 004, "Legal Hold": a recording can outlive its COMPLETED request; the API publishes no hold field.
    keptAfterDone: {
      recording:
        'kept by Genesys Cloud after its GDPR request completed (a legal hold or a retention policy; the API does not say which)',
    },
  },
  chatbot: {
    maxIdsPerRequest: 10_000,
    kinds: ['conversation'],
    requestScope: 'subject',
    waitsForOpenConversations: [],
    deletionWithinMs: 30 * DAY,
    cancellable: false,
  },
};
