/**
 * The derived matches of one erasure (issue 15): records reached only through identifiers the
 * requester never gave, grouped by the identifier that reached them. Under the policy a group is
 * erased with the rest (`auto`, named in the certificate) or waits, outside the platform ledgers, until
 * an operator confirms it (its records join the ledger) or excludes it (they are never sent). Groups
 * are named `m1`, `m2`, … so an operator can point at one without a personal value.
 */
import {
  type ChainStep,
  describeChain,
  type ExpandPolicy,
  type IdentifierIndex,
  indexIdentifiers,
  reachOfIdentifier,
  reachOfRecord,
  recordChain,
} from './expansion';
import { identifierKey, type ResolvedIdentifier } from './identifiers';
import type { PlatformId, PlatformRecord, RecordKind } from './platforms';
import type { DerivedMatchSummary, OutcomeReason } from './progress';

/** An operator's answer for one group. */
export interface MatchDecision {
  readonly confirmed: boolean;
  readonly by: string;
  readonly reason?: string;
  readonly at: string;
}

/** Records one derived identifier reached on one platform, how, and what was decided. */
export interface DerivedMatch {
  readonly ref: string;
  readonly platform: PlatformId;
  /** The identifier (`identifierKey`) that reached them; kept in the workflow, never shown. */
  readonly lead: string;
  readonly chain: ChainStep[];
  /** `auto`: erased with the rest; `confirm`: waits for an operator. */
  readonly reach: 'auto' | 'confirm';
  /** How many records of each kind the group holds. */
  readonly counts: Partial<Record<RecordKind, number>>;
  /**
   * The records while they wait (so a confirmed one joins its ledger as it was found) or once excluded
   * (so finding them again changes nothing). Records the ledger holds are not kept twice: a subject
   * with ten thousand conversations reached through its consumer id must fit continue-as-new.
   */
  records: PlatformRecord[];
  decision?: MatchDecision;
}

/** What a discovery's records come to under the policy. */
export interface Sorted {
  /** Records for the ledger now: the requester's own, and derived matches the policy erases. */
  readonly proceed: PlatformRecord[];
  /** Records waiting for an operator. */
  readonly waiting: number;
  /** Records the policy does not use (`off`): reached only through identifiers it does not search. */
  readonly unused: number;
}

const recordKey = (platform: PlatformId, r: { kind: RecordKind; id: string }): string =>
  `${platform}/${r.kind}:${r.id}`;

export class DerivedMatches {
  private readonly groups: DerivedMatch[];

  constructor(groups: readonly DerivedMatch[] = []) {
    this.groups = groups.map((g) => ({
      ...g,
      counts: { ...g.counts },
      records: [...g.records],
      chain: [...g.chain],
    }));
  }

  /**
   * Sorts newly discovered records of one platform. `known(r)`: the record is already in the ledger
   * (found before: it keeps its status). A record already in a group stays where it is; leads are the
   * identifiers that reached it (src/domain/expansion.ts decides how far they tie it to the requester).
   */
  sort(
    platform: PlatformId,
    found: readonly PlatformRecord[],
    index: IdentifierIndex,
    policy: ExpandPolicy | undefined,
    known: (r: PlatformRecord) => boolean,
  ): Sorted {
    const proceed: PlatformRecord[] = [];
    const grouped = new Set(this.groups.flatMap((g) => g.records.map((r) => recordKey(g.platform, r))));
    let waiting = 0;
    let unused = 0;
    for (const r of found) {
      if (known(r) || grouped.has(recordKey(platform, r))) {
        if (known(r)) proceed.push(r);
        continue;
      }
      const reach = reachOfRecord(r.leads, index, policy);
      if (reach === 'unused') {
        unused += 1;
        continue;
      }
      if (reach === 'requested') {
        proceed.push(r);
        continue;
      }
      const chain = recordChain(r.leads ?? [], index, policy);
      const group = this.groupFor(platform, this.strongestLead(r, index, policy), chain, reach);
      const counts = group.counts as Partial<Record<RecordKind, number>>;
      counts[r.kind] = (counts[r.kind] ?? 0) + 1;
      // Found again through a lead already decided: the operator's decision stands for it too.
      if (reach === 'auto' || group.decision?.confirmed === true) proceed.push(r);
      else {
        group.records.push(r);
        grouped.add(recordKey(platform, r));
        if (group.decision === undefined) waiting += 1;
      }
    }
    return { proceed, waiting, unused };
  }

  /** Groups waiting for an operator. */
  pending(): DerivedMatch[] {
    return this.groups.filter((g) => g.reach === 'confirm' && g.decision === undefined);
  }

  all(): readonly DerivedMatch[] {
    return this.groups;
  }

  /**
   * An operator's decision on the waiting groups: every one named in `exclude` is excluded, every other
   * waiting one confirmed (or only those in `confirm`, when given). Returns the records that now join
   * their ledgers. Refs that name no waiting group are refused before anything changes.
   */
  decide(
    input: { by: string; reason?: string; exclude?: readonly string[]; confirm?: readonly string[] },
    at: number,
  ): Array<{ platform: PlatformId; records: PlatformRecord[] }> {
    const waiting = this.pending();
    const refs = new Set(waiting.map((g) => g.ref));
    const named = [...(input.exclude ?? []), ...(input.confirm ?? [])];
    const unknown = named.filter((r) => !refs.has(r));
    if (unknown.length > 0) throw new RangeError(`no derived match waits under ${unknown.join(', ')}`);
    const both = (input.exclude ?? []).filter((r) => (input.confirm ?? []).includes(r));
    if (both.length > 0) throw new RangeError(`${both.join(', ')} cannot be both confirmed and excluded`);
    const released: Array<{ platform: PlatformId; records: PlatformRecord[] }> = [];
    for (const g of waiting) {
      const excluded = (input.exclude ?? []).includes(g.ref);
      if (!excluded && input.confirm !== undefined && !input.confirm.includes(g.ref)) continue;
      g.decision = {
        confirmed: !excluded,
        by: input.by,
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
        at: new Date(at).toISOString(),
      };
      if (!excluded) {
        released.push({ platform: g.platform, records: g.records });
        g.records = [];
      }
    }
    return released;
  }

  /**
   * The identifiers a platform or a warehouse may be sent: never one whose matches an operator
   * excluded or has yet to confirm, nor one the policy holds or does not use (unless confirmed).
   */
  sendable(ids: readonly ResolvedIdentifier[], policy: ExpandPolicy | undefined): ResolvedIdentifier[] {
    const index = indexIdentifiers(ids);
    const held = new Set([...this.waitingLeads(), ...this.excludedLeads()]);
    const confirmed = new Set(this.groups.filter((g) => g.decision?.confirmed === true).map((g) => g.lead));
    return ids.filter((id) => {
      const key = identifierKey(id);
      if (held.has(key)) return false;
      const reach = reachOfIdentifier(id, index, policy);
      return reach === 'requested' || reach === 'auto' || confirmed.has(key);
    });
  }

  /** Why the erasure is incomplete while matches wait: their records, by platform. */
  unconfirmedReasons(): OutcomeReason[] {
    const waiting = new Map<PlatformId, number>();
    for (const g of this.pending())
      waiting.set(g.platform, (waiting.get(g.platform) ?? 0) + g.records.length);
    return [...waiting].map(([scope, records]) => ({ scope, reason: 'unconfirmed' as const, records }));
  }

  /** The identifiers (keys) whose groups were excluded: never to be sent to a platform. */
  excludedLeads(): Set<string> {
    return new Set(this.groups.filter((g) => g.decision?.confirmed === false).map((g) => g.lead));
  }

  /** The identifiers (keys) whose groups wait for an operator: not to be sent until confirmed. */
  waitingLeads(): Set<string> {
    return new Set(this.pending().map((g) => g.lead));
  }

  /** What operators and the certificate see: counts, chains in kinds and platforms, decisions. */
  summaries(): DerivedMatchSummary[] {
    return this.groups.map((g) => {
      return {
        ref: g.ref,
        platform: g.platform,
        chain: describeChain(g.chain),
        reach: g.reach,
        records: { ...g.counts },
        ...(g.decision ? { decision: g.decision } : {}),
      };
    });
  }

  snapshot(): DerivedMatch[] {
    return this.groups.map((g) => ({
      ...g,
      counts: { ...g.counts },
      records: [...g.records],
      chain: [...g.chain],
    }));
  }

  private groupFor(
    platform: PlatformId,
    lead: string,
    chain: ChainStep[],
    reach: 'auto' | 'confirm',
  ): DerivedMatch {
    const existing = this.groups.find((g) => g.platform === platform && g.lead === lead && g.reach === reach);
    if (existing) return existing;
    const group: DerivedMatch = {
      ref: `m${this.groups.length + 1}`,
      platform,
      lead,
      chain,
      reach,
      counts: {},
      records: [],
    };
    this.groups.push(group);
    return group;
  }

  private strongestLead(r: PlatformRecord, index: IdentifierIndex, policy: ExpandPolicy | undefined): string {
    const reach = reachOfRecord(r.leads, index, policy);
    return (r.leads ?? []).find((lead) => reachOfRecord([lead], index, policy) === reach) ?? '';
  }
}
