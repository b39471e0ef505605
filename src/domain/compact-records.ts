import type { PlatformRecord, RecordKind } from './platforms';

/**
 * Records grouped by kind, ids listed once, the active ones named apart: how discovery results cross into
 * workflow history (a list of objects would spend most of its bytes on repeated keys; a subject with
 * ten thousand records must stay well under Temporal's payload limits).
 */
export type CompactRecords = Partial<Record<RecordKind, { ids: string[]; active: string[] }>>;

export function compactRecords(records: readonly PlatformRecord[]): CompactRecords {
  const out: CompactRecords = {};
  for (const r of records) {
    const group = out[r.kind] ?? { ids: [], active: [] };
    group.ids.push(r.id);
    if (r.active) group.active.push(r.id);
    out[r.kind] = group;
  }
  return out;
}

export function expandRecords(compact: CompactRecords): PlatformRecord[] {
  const out: PlatformRecord[] = [];
  for (const [kind, group] of Object.entries(compact) as Array<
    [RecordKind, { ids: string[]; active: string[] }]
  >) {
    const active = new Set(group.active);
    for (const id of group.ids) out.push({ kind, id, active: active.has(id) });
  }
  return out;
}
