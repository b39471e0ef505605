import { planBatches } from '../../src/domain/planner';
import { platformLimits, type RecordKind } from '../../src/domain/platforms';
import { type Figure, median, round, timed } from '../figures';

const IDS = 1_000_000;

/** A million records, mostly conversations, with one in ten a duplicate. */
function records(): Array<{ kind: RecordKind; id: string }> {
  const kinds: RecordKind[] = [
    'conversation',
    'conversation',
    'conversation',
    'conversation',
    'conversation',
    'conversation',
    'conversation',
    'engagement',
    'engagement',
    'consumer',
  ];
  return Array.from({ length: IDS }, (_, i) => ({
    kind: kinds[i % kinds.length] as RecordKind,
    id: `id-${i % 10 === 9 ? i - 1 : i}`,
  }));
}

/** The baseline: de-duplicate one flat list with a Set and slice it, ignoring kinds. */
function naive(input: ReadonlyArray<{ id: string }>, limit: number): string[][] {
  const unique = [...new Set(input.map((r) => r.id))];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += limit) out.push(unique.slice(i, i + limit));
  return out;
}

/** The batch planner's throughput on a million ids, beside the plain Set-and-slice baseline. */
export async function plannerSuite(): Promise<Figure[]> {
  const input = records();
  const { maxIdsPerRequest, kinds } = platformLimits.liveperson;
  const plannerMs: number[] = [];
  const baselineMs: number[] = [];
  let batches = 0;
  for (let run = 0; run < 5; run++) {
    plannerMs.push(await timed(() => (batches = planBatches(input, maxIdsPerRequest, kinds).length)));
    baselineMs.push(await timed(() => naive(input, maxIdsPerRequest)));
  }
  const ids = IDS / (median(plannerMs) / 1000);
  const base = IDS / (median(baselineMs) / 1000);
  return [
    { name: 'ids_per_s', value: Math.round(ids), unit: 'ids/s' },
    { name: 'baseline_ids_per_s', value: Math.round(base), unit: 'ids/s' },
    { name: 'ratio', value: round(ids / base), unit: 'x baseline' },
    { name: 'batches', value: batches, unit: 'requests' },
  ];
}
