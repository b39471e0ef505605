import type { PlatformRecord, RecordKind } from './platforms';

/**
 * Records grouped by kind, ids listed once, the active ones named apart: how discovery results cross into
 * workflow history (a list of objects would spend most of its bytes on repeated keys; a subject with
 * ten thousand records must stay well under Temporal's payload limits).
 */
export type CompactRecords = Partial<Record<RecordKind, CompactGroup>>;

/** One kind's records: every id, the active ones, and the ones the platform holds with why. */
export interface CompactGroup {
  ids: string[];
  active: string[];
  held?: Record<string, string>;
}

export function compactRecords(records: readonly PlatformRecord[]): CompactRecords {
  const out: CompactRecords = {};
  for (const r of records) {
    const group: CompactGroup = out[r.kind] ?? { ids: [], active: [] };
    group.ids.push(r.id);
    if (r.active) group.active.push(r.id);
    if (r.heldReason !== undefined) {
      group.held ??= {};
      group.held[r.id] = r.heldReason;
    }
    out[r.kind] = group;
  }
  return out;
}

export function expandRecords(compact: CompactRecords): PlatformRecord[] {
  const out: PlatformRecord[] = [];
  for (const [kind, group] of Object.entries(compact) as Array<[RecordKind, CompactGroup]>) {
    const active = new Set(group.active);
    for (const id of group.ids) {
      const heldReason = group.held?.[id];
      out.push({ kind, id, active: active.has(id), ...(heldReason !== undefined ? { heldReason } : {}) });
    }
  }
  return out;
}
