import type { PlatformRecord, RecordKind } from './platforms';

/**
 * Records grouped by kind, ids listed once, the active ones named apart: how discovery results cross into
 * workflow history (a list of objects would spend most of its bytes on repeated keys; a subject with
 * ten thousand records must stay well under Temporal's payload limits).
 */
export type CompactRecords = Partial<Record<RecordKind, CompactGroup>>;

/**
 * One kind's records: every id, the active ones, the ones the platform holds with why, and which
 * identifiers led to which records (identifier key to the records' positions in `ids`: one key names
 * thousands of conversations of one consumer in a few bytes each).
 */
export interface CompactGroup {
  ids: string[];
  active: string[];
  held?: Record<string, string>;
  leads?: Record<string, number[]>;
}

export function compactRecords(records: readonly PlatformRecord[]): CompactRecords {
  const out: CompactRecords = {};
  for (const r of records) {
    const group: CompactGroup = out[r.kind] ?? { ids: [], active: [] };
    const at = group.ids.length;
    group.ids.push(r.id);
    for (const lead of r.leads ?? []) {
      group.leads ??= {};
      group.leads[lead] ??= [];
      group.leads[lead].push(at);
    }
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
    const leadsAt = new Map<number, string[]>();
    for (const [lead, positions] of Object.entries(group.leads ?? {}))
      for (const at of positions) leadsAt.set(at, [...(leadsAt.get(at) ?? []), lead]);
    group.ids.forEach((id, at) => {
      const heldReason = group.held?.[id];
      const leads = leadsAt.get(at);
      out.push({
        kind,
        id,
        active: active.has(id),
        ...(heldReason !== undefined ? { heldReason } : {}),
        ...(leads !== undefined ? { leads } : {}),
      });
    });
  }
  return out;
}
