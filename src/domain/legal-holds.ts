import type { PlatformId } from './platforms';
import type { HoldRecord } from './progress';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A hold as it is kept: the record, with the lists placing it fills in. */
export interface HoldEntry {
  by: string;
  reason: string;
  placedAt: string;
  releasedAt?: string;
  releasedBy?: string;
  releaseReason?: string;
  withdrawn: Array<{ platform: PlatformId; requestId: string }>;
  notWithdrawable: Array<{ platform: PlatformId; requestId: string; note?: string }>;
}

/** The legal holds of one erasure: at most one in place at a time, every one kept for the evidence. */
export class LegalHolds {
  /** Bumped by every hold change, so the workflow's wait can notice one. */
  generation = 0;
  /** The generation whose withdrawals were carried out. */
  applied = 0;

  constructor(private readonly entries: HoldEntry[] = []) {}

  /** The hold in place, as a copy. */
  get active(): HoldRecord | undefined {
    const hold = this.current();
    return hold ? copy(hold) : undefined;
  }

  place(hold: { by: string; reason: string }, now: number): void {
    if (this.current()) throw new RangeError('a legal hold is already in place');
    this.entries.push({
      by: hold.by,
      reason: hold.reason,
      placedAt: iso(now),
      withdrawn: [],
      notWithdrawable: [],
    });
    this.generation += 1;
  }

  /** Records what placing the hold withdrew, or could not, at one platform. */
  noteWithdrawal(
    platform: PlatformId,
    requestId: string,
    outcome: { withdrawn: boolean; note?: string },
  ): void {
    const hold = this.current();
    if (!hold) return;
    if (outcome.withdrawn) hold.withdrawn.push({ platform, requestId });
    else
      hold.notWithdrawable.push({
        platform,
        requestId,
        ...(outcome.note !== undefined ? { note: outcome.note } : {}),
      });
  }

  release(release: { by: string; reason: string }, now: number): void {
    const hold = this.current();
    if (!hold) throw new RangeError('there is no legal hold to release');
    Object.assign(hold, { releasedAt: iso(now), releasedBy: release.by, releaseReason: release.reason });
    this.generation += 1;
  }

  /** Time spent under holds up to `now`. */
  heldMs(now: number): number {
    return this.entries.reduce(
      (sum, h) => sum + (Date.parse(h.releasedAt ?? iso(now)) - Date.parse(h.placedAt)),
      0,
    );
  }

  /** Every hold, as copies. */
  records(): HoldRecord[] {
    return this.entries.map(copy);
  }

  /** The plain data to carry across continue-as-new. */
  snapshot(): { entries: HoldEntry[]; generation: number; applied: number } {
    return JSON.parse(
      JSON.stringify({ entries: this.entries, generation: this.generation, applied: this.applied }),
    ) as {
      entries: HoldEntry[];
      generation: number;
      applied: number;
    };
  }

  static restore(snapshot: { entries: HoldEntry[]; generation: number; applied: number }): LegalHolds {
    const holds = new LegalHolds(
      snapshot.entries.map((e) => ({
        ...e,
        withdrawn: [...e.withdrawn],
        notWithdrawable: [...e.notWithdrawable],
      })),
    );
    holds.generation = snapshot.generation;
    holds.applied = snapshot.applied;
    return holds;
  }

  private current(): HoldEntry | undefined {
    const last = this.entries[this.entries.length - 1];
    return last && last.releasedAt === undefined ? last : undefined;
  }
}

const copy = (h: HoldEntry): HoldRecord => ({
  ...h,
  withdrawn: [...h.withdrawn],
  notWithdrawable: [...h.notWithdrawable],
});
