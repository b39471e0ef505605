import type { DerivedMatch } from './derived-matches';
import type { ResolvedIdentifier } from './identifiers';
import type { LegalHolds } from './legal-holds';
import type { LinkedRequest } from './linked-requests';
import type { LedgerSnapshot } from './platform-ledger';
import type { PlatformId } from './platforms';
import type { AttentionRecord, CancellationRecord, LastError, PhaseChange } from './progress';
import type { WarehouseCleanupPass } from './warehouse';

/** The plain-data shapes of an erasure's state: what continue-as-new carries. */

/** A cancel request not yet carried out. */
export interface PendingCancel {
  readonly by: string;
  readonly reason: string;
  readonly at: number;
  readonly via: CancellationRecord['via'];
}

/** What an erasure is about: from its (validated) input. */
export interface ErasureHeader {
  readonly requestId: string;
  readonly subjectRef: string;
  readonly receivedAt: string;
  readonly deadline: number;
  /** Who asked for the erasure, and on what ground, as the request states them (runs before lack them). */
  readonly requestedBy?: string;
  readonly reason?: string;
}

/** An erasure's whole state as plain data, carried across continue-as-new. */
export interface ErasureSnapshot {
  readonly header: ErasureHeader;
  readonly ledgers: Partial<Record<PlatformId, LedgerSnapshot>>;
  readonly timeline: PhaseChange[];
  readonly identifiers: ResolvedIdentifier[];
  readonly holds: ReturnType<LegalHolds['snapshot']>;
  readonly lastError?: LastError;
  readonly attention?: AttentionRecord;
  readonly pendingCancel?: PendingCancel;
  readonly stoppedAtHardStop: boolean;
  readonly rediscover: boolean;
  readonly downstream?: WarehouseCleanupPass[];
  readonly erasedAt?: number;
  readonly linked?: LinkedRequest[];
  /** Derived matches (issue 15); absent before the expansion policy. */
  readonly matches?: DerivedMatch[];
}
