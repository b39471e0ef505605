import { governorInputFor } from '../../src/domain/governance';
import { QuotaBook } from '../../src/domain/quota-book';
import { addOneMonthUtc, DAY_MS, standardTiming } from '../../src/domain/timing';
import { type Figure, round } from '../figures';

const SUBJECTS = 2000;
const HOUR = 3_600_000;
/** A month of 31 days, starting at midnight UTC on its first day. */
const MONTH_START = Date.UTC(2027, 0, 1);
const MONTH_END = Date.UTC(2027, 1, 1);

/** The reference subject: three closed conversations, a consumer id and a chat engagement. */
const referenceIds = (n: number) => ({
  conversation: [0, 1, 2].map((i) => `conv-${n}-${i}`),
  consumer: [`consumer-${n}`],
  engagement: [`eng-${n}`],
});

interface Arrival {
  readonly subject: number;
  readonly at: number;
}

/**
 * Runs the governor's own book (the pure class the governor workflow runs on) through a month on an
 * hourly clock, as the workflow does: returns, per subject, when its last id went out (or undefined).
 */
function simulateMonth(arrivals: readonly Arrival[]): Map<number, number> {
  const input = governorInputFor('liveperson', 'bench', standardTiming);
  if (!input) throw new Error('LivePerson has a quota: a governor input is expected');
  const book = new QuotaBook(input.policy);
  const pending = new Map<number, number>(); // subject → ids not yet sent
  const lastSent = new Map<number, number>();
  let next = 0;
  for (let now = MONTH_START; now < MONTH_END; now += HOUR) {
    for (; next < arrivals.length && (arrivals[next] as Arrival).at <= now; next++) {
      const { subject, at } = arrivals[next] as Arrival;
      const ids = referenceIds(subject);
      pending.set(subject, 5);
      for (const kind of ['conversation', 'consumer', 'engagement'] as const) {
        book.enqueue({
          subject: String(subject),
          kind,
          ids: ids[kind],
          enqueuedAt: at,
          deadline: addOneMonthUtc(at),
        });
      }
    }
    for (let request = book.next(now); request; request = book.next(now)) {
      book.recordSent(now);
      for (const owner of request.owners) {
        const subject = Number(owner.subject);
        const left = (pending.get(subject) ?? 0) - owner.ids.length;
        pending.set(subject, left);
        if (left === 0) lastSent.set(subject, now);
      }
    }
  }
  return lastSent;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Quota efficiency of the governor against LivePerson's default quota (100 requests a month of up to
 * 100 ids): 2,000 reference subjects queued at the start of a month, beside the same subjects sent one
 * subject at a time (three requests each); and the wait between queueing and sending for subjects
 * arriving evenly through the month.
 */
export async function quotaSuite(): Promise<Figure[]> {
  const atStart = Array.from({ length: SUBJECTS }, (_, subject) => ({ subject, at: MONTH_START }));
  const governed = simulateMonth(atStart).size;
  // One subject at a time: a request per kind per subject, 100 requests a month.
  const perSubject = Math.min(SUBJECTS, Math.floor(100 / 3));

  const spacing = (MONTH_END - MONTH_START - DAY_MS) / SUBJECTS; // arrivals end a day before the month does
  const even = Array.from({ length: SUBJECTS }, (_, subject) => ({
    subject,
    at: MONTH_START + Math.floor(subject * spacing),
  }));
  const sent = simulateMonth(even);
  const waits = even
    .filter((a) => sent.has(a.subject))
    .map((a) => ((sent.get(a.subject) as number) - a.at) / HOUR)
    .sort((x, y) => x - y);
  return [
    { name: 'bound', value: SUBJECTS, unit: 'subjects (100 requests × 100 ids, 5 ids each)' },
    { name: 'subjects_in_month', value: governed, unit: 'subjects fully submitted in the month (governor)' },
    {
      name: 'per_subject_in_month',
      value: perSubject,
      unit: 'subjects fully submitted in the month (one subject at a time)',
    },
    { name: 'ratio', value: round(governed / perSubject), unit: 'x one subject at a time' },
    {
      name: 'even_submitted',
      value: waits.length,
      unit: `of ${SUBJECTS} subjects arriving evenly, fully submitted in the month`,
    },
    { name: 'wait_p50_h', value: round(percentile(waits, 50)), unit: 'h' },
    { name: 'wait_p95_h', value: round(percentile(waits, 95)), unit: 'h' },
    { name: 'wait_max_h', value: round(waits.at(-1) ?? Number.NaN), unit: 'h' },
  ];
}
