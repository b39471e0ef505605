import type { Connector } from '../../src/connectors/types';
import type { ResolvedIdentifier } from '../../src/domain/identifiers';
import type { PlatformId, RecordKind } from '../../src/domain/platforms';
import type { Faults } from '../../src/simulator/kit/faults';
import type { JournalEntry } from '../../src/simulator/kit/journal';

export interface RecordRef {
  readonly kind: RecordKind;
  readonly id: string;
}

/**
 * One platform's connector wired to its simulator over real HTTP, with a seeded data subject, for the
 * shared conformance suite (test/connectors/conformance.test.ts). Every platform provides one.
 */
export interface ConformanceFixture {
  readonly platform: PlatformId;
  /** A connector pointed at the simulator with valid credentials. */
  readonly connector: Connector;
  /** What the caller knows of the subject (one identifier is enough for resolve to find more). */
  readonly known: readonly ResolvedIdentifier[];
  /** Every identifier the subject should resolve to (the known ones included), as kind:value keys. */
  readonly resolvesTo: readonly string[];
  /** The subject's closed records: discover must find exactly these (plus `open`). */
  readonly closed: readonly RecordRef[];
  /** One of the subject's records that is still open (active). */
  readonly open: RecordRef;
  /** Identifiers of another person seeded beside the subject: never resolved, found or touched. */
  readonly bystander: readonly ResolvedIdentifier[];
  /** Ends the open record at the platform. */
  closeOpen(): Promise<void>;
  /** The simulator's clock (the platform's time). */
  now(): Promise<number>;
  /** Moves the simulator's clock until every accepted deletion has been carried out. */
  completeDeletions(): Promise<void>;
  /** Whether the bystander's data is all still there. */
  bystanderIntact(): Promise<boolean>;
  injectFaults(faults: Partial<Faults>): Promise<void>;
  /** A connector for the same simulator whose credentials the platform refuses. */
  badCredentials(): Connector;
  journal(): Promise<{ entries: JournalEntry[]; violations: JournalEntry[] }>;
  close(): Promise<void>;
}

export type FixtureFactory = () => Promise<ConformanceFixture>;
