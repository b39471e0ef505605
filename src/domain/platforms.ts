import { chatbotPlatform } from '../connectors/chatbot/platform';
import { genesysPlatform } from '../connectors/genesys/platform';
import { livepersonPlatform } from '../connectors/liveperson/platform';
import { zendeskPlatform } from '../connectors/zendesk/platform';
import type { PlatformLimits as LimitsOf } from './platform-descriptor';

export type { RequestScope, RetainedData } from './platform-descriptor';

/**
 * The platforms Lethe can erase from: one line each. A platform states what it is in its own folder
 * (`src/connectors/<platform>/platform.ts`); everything below is derived from this list.
 */
export const platformRegistry = [
  livepersonPlatform,
  genesysPlatform,
  chatbotPlatform,
  zendeskPlatform,
] as const;

type Registered = (typeof platformRegistry)[number];
export type PlatformId = Registered['id'];
export const platformIds = platformRegistry.map((p) => p.id) as unknown as readonly [
  PlatformId,
  ...PlatformId[],
];

/** Each platform as people name it (what the Web UI and certificate page show). */
export const platformNames = Object.fromEntries(platformRegistry.map((p) => [p.id, p.name])) as Record<
  PlatformId,
  string
>;

/** Record kinds the platforms delete, by platform. */
export const recordKindsByPlatform = Object.fromEntries(
  platformRegistry.map((p) => [p.id, p.recordKinds]),
) as { readonly [P in Registered as P['id']]: P['recordKinds'] };
export type RecordKind = Registered['recordKinds'][number];
/** What a platform allows per deletion request (src/domain/platform-descriptor.ts), in Lethe's record kinds. */
export type PlatformLimits = LimitsOf<RecordKind>;
export const allRecordKinds = [
  ...new Set(platformRegistry.flatMap((p) => p.recordKinds)),
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

/** The platforms' documented limits (each platform's own `platform.ts` says where they come from). */
export const platformLimits = Object.fromEntries(platformRegistry.map((p) => [p.id, p.limits])) as Record<
  PlatformId,
  PlatformLimits
>;
