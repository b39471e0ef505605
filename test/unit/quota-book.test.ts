/**
 * QuotaBook (src/domain/quota-book.ts): one platform account's queue and monthly quota, pure. Worked
 * examples for full, window and deadline requests, pacing through the month, the monthly quota and the
 * platform's "month exhausted", owners of shared ids, enqueue/withdraw/requeue, nextWakeAt and the
 * snapshot round-trip; a model-based property over random enqueues, withdrawals and 429s on an hourly
 * clock; the benchmark's bound (2,000 reference subjects in 100 requests); and, driven the way the
 * governor workflow drives it, how often the book asks to be woken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { governorInputFor } from '../../src/domain/governance';
import type { RecordKind } from '../../src/domain/platforms';
import {
  type PackedRequest,
  type QueuedIds,
  QuotaBook,
  type QuotaBookState,
  type QuotaPolicy,
} from '../../src/domain/quota-book';
import { addOneMonthUtc, DAY_MS, standardTiming, startOfNextMonthUtc } from '../../src/domain/timing';

const HOUR = 3_600_000;
const KINDS: readonly RecordKind[] = ['conversation', 'engagement', 'consumer', 'ticketing'];
/** January 2027: 31 days, starting at midnight UTC. */
const JAN = Date.UTC(2027, 0, 1);
const FEB = Date.UTC(2027, 1, 1);
const JAN_LENGTH = FEB - JAN;
/** Far enough that deadline − deletion window lies after January: no deadline request unless asked. */
const FAR = JAN + 80 * DAY_MS;

const policyWith = (over: Partial<QuotaPolicy> = {}): QuotaPolicy => ({
  maxIdsPerRequest: 3,
  monthlyQuota: 10,
  kinds: KINDS,
  flushWindowMs: DAY_MS,
  deletionWindowMs: 25 * DAY_MS,
  ...over,
});

const entry = (
  subject: string,
  kind: RecordKind,
  ids: string[],
  enqueuedAt: number = JAN,
  deadline: number = FAR,
): QueuedIds => ({ subject, kind, ids, enqueuedAt, deadline });

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value, got undefined');
  return value;
}

/** What the governor does at `now`: take and send every request the book gives, recording each. */
function drain(book: QuotaBook, now: number): PackedRequest[] {
  const sent: PackedRequest[] = [];
  for (let r = book.next(now); r; r = book.next(now)) {
    sent.push(r);
    book.recordSent(now);
    if (sent.length > 10_000) throw new Error('next() never ran dry');
  }
  return sent;
}

const monthStartOf = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** The brief's pacing rule: window requests the month may have spent by `now`. */
const allowance = (policy: QuotaPolicy, now: number): number => {
  const start = monthStartOf(now);
  const length = startOfNextMonthUtc(now) - start;
  return Math.ceil((policy.monthlyQuota * (now - start + policy.flushWindowMs)) / length);
};

describe('QuotaBook: full requests', () => {
  it('sends a kind at once when it holds the limit of unique ids, with reason full and its owner', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['a', 'b', 'c'], JAN, FAR));
    expect(book.next(JAN)).toEqual({
      kind: 'conversation',
      ids: ['a', 'b', 'c'],
      owners: [{ subject: 'A', ids: ['a', 'b', 'c'], enqueuedAt: JAN, deadline: FAR }],
      reason: 'full',
    });
    expect(book.queuedIds).toBe(0);
    expect(book.next(JAN)).toBeUndefined();
  });

  it('holds a partial queue back: below the limit nothing goes at once', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['a', 'b']));
    expect(book.next(JAN)).toBeUndefined();
    expect(book.queuedIds).toBe(2);
  });

  it('counts an id queued by two subjects once towards the limit', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['a', 'b']));
    book.enqueue(entry('B', 'conversation', ['b']));
    expect(book.next(JAN)).toBeUndefined(); // 2 unique ids, not 3
    book.enqueue(entry('C', 'conversation', ['c']));
    const r = must(book.next(JAN));
    expect(r.reason).toBe('full');
    expect(r.ids).toEqual(['a', 'b', 'c']);
  });

  it('splits a long queue into requests of at most the limit, earliest deadline first', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['a1', 'a2', 'a3'], JAN, FAR + 2 * HOUR));
    book.enqueue(entry('B', 'conversation', ['b1', 'b2'], JAN + HOUR, FAR + HOUR));
    book.enqueue(entry('C', 'conversation', ['c1', 'c2'], JAN, FAR + 3 * HOUR));
    const now = JAN + HOUR;
    const first = must(book.next(now));
    expect(first).toEqual({
      kind: 'conversation',
      ids: ['b1', 'b2', 'a1'],
      owners: [
        { subject: 'B', ids: ['b1', 'b2'], enqueuedAt: JAN + HOUR, deadline: FAR + HOUR },
        { subject: 'A', ids: ['a1'], enqueuedAt: JAN, deadline: FAR + 2 * HOUR },
      ],
      reason: 'full',
    });
    const second = must(book.next(now));
    expect(second.ids).toEqual(['a2', 'a3', 'c1']);
    expect(second.reason).toBe('full');
    expect(second.owners.map((o) => [o.subject, o.ids])).toEqual([
      ['A', ['a2', 'a3']],
      ['C', ['c1']],
    ]);
    // One id left: a partial queue, its window not yet passed.
    expect(book.next(now)).toBeUndefined();
    expect(book.queuedIds).toBe(1);
    const last = must(book.next(JAN + DAY_MS));
    expect(last).toMatchObject({ ids: ['c2'], reason: 'window' });
  });

  it('takes the earlier enqueued entry first between equal deadlines', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['a1', 'a2'], JAN + 2 * HOUR, FAR));
    book.enqueue(entry('B', 'conversation', ['b1', 'b2'], JAN + HOUR, FAR));
    expect(must(book.next(JAN + 2 * HOUR)).ids).toEqual(['b1', 'b2', 'a1']);
  });

  it('carries ids of one kind only per request, kinds in the policy order', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'ticketing', ['t1', 't2', 't3']));
    book.enqueue(entry('A', 'engagement', ['e1', 'e2', 'e3']));
    book.enqueue(entry('A', 'conversation', ['c1', 'c2', 'c3']));
    book.enqueue(entry('B', 'consumer', ['k1', 'k2', 'k3', 'k4']));
    const sent = drain(book, JAN);
    expect(sent.map((r) => [r.kind, r.ids])).toEqual([
      ['conversation', ['c1', 'c2', 'c3']],
      ['engagement', ['e1', 'e2', 'e3']],
      ['consumer', ['k1', 'k2', 'k3']],
      ['ticketing', ['t1', 't2', 't3']],
    ]);
  });

  it('follows the policy order, not a fixed one', () => {
    const book = new QuotaBook(
      policyWith({ kinds: ['ticketing', 'consumer', 'engagement', 'conversation'] }),
    );
    book.enqueue(entry('A', 'conversation', ['c1', 'c2', 'c3']));
    book.enqueue(entry('A', 'engagement', ['e1', 'e2', 'e3']));
    expect(drain(book, JAN).map((r) => r.kind)).toEqual(['engagement', 'conversation']);
  });
});

describe('QuotaBook: flush window and deadlines', () => {
  it('sends a partial queue once its oldest id has waited the flush window, not a millisecond before', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'consumer', ['k1'], JAN + HOUR));
    book.enqueue(entry('B', 'consumer', ['k2'], JAN + 5 * HOUR));
    expect(book.next(JAN + HOUR + DAY_MS - 1)).toBeUndefined();
    // The window runs from the oldest entry; the younger one goes with it.
    expect(book.next(JAN + HOUR + DAY_MS)).toEqual({
      kind: 'consumer',
      ids: ['k1', 'k2'],
      owners: [
        { subject: 'A', ids: ['k1'], enqueuedAt: JAN + HOUR, deadline: FAR },
        { subject: 'B', ids: ['k2'], enqueuedAt: JAN + 5 * HOUR, deadline: FAR },
      ],
      reason: 'window',
    });
  });

  it('sends a partial queue early, reason deadline, once some deadline minus the deletion window is reached', () => {
    const policy = policyWith();
    const book = new QuotaBook(policy);
    const deadline = JAN + policy.deletionWindowMs + 2 * HOUR;
    book.enqueue(entry('A', 'engagement', ['e1'], JAN, deadline));
    book.enqueue(entry('B', 'engagement', ['e2'], JAN + HOUR, FAR));
    expect(book.next(JAN + 2 * HOUR - 1)).toBeUndefined();
    const r = must(book.next(JAN + 2 * HOUR));
    expect(r.reason).toBe('deadline');
    // Well before the flush window, and carrying the kind's other ids too.
    expect(r.ids).toEqual(['e1', 'e2']);
    expect(r.owners.map((o) => o.subject)).toEqual(['A', 'B']);
  });

  it('sends at once when the deadline leaves less than the deletion window already', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['c1'], JAN, JAN + DAY_MS));
    expect(must(book.next(JAN)).reason).toBe('deadline');
  });

  it('prefers full over deadline when a kind is both', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['c1', 'c2', 'c3', 'c4'], JAN, JAN + DAY_MS));
    expect(must(book.next(JAN)).reason).toBe('full');
    expect(must(book.next(JAN))).toMatchObject({ ids: ['c4'], reason: 'deadline' });
  });
});

describe('QuotaBook: pacing and the monthly quota', () => {
  const paced = policyWith({ maxIdsPerRequest: 100, monthlyQuota: 100 });

  it('lets a window request go only while the month has spent less than its paced allowance', () => {
    // January: allowance = ceil(100 × (now − JAN + 1 day) / 31 days). It reaches exactly 7 at
    // JAN + 101,088,000 ms and exceeds 7 (rounds up to 8) one millisecond later.
    const book = new QuotaBook(paced);
    for (let i = 0; i < 7; i++) book.recordSent(JAN);
    book.enqueue(entry('A', 'conversation', ['c1'], JAN));
    expect(book.usedIn(JAN)).toBe(7);
    expect(book.next(JAN + DAY_MS)).toBeUndefined(); // window passed, but 7 used of an allowance of 7
    expect(book.next(JAN + 101_088_000)).toBeUndefined();
    expect(must(book.next(JAN + 101_088_001)).reason).toBe('window');
  });

  it('lets a window request go at the window when the month is behind its pace', () => {
    const book = new QuotaBook(paced);
    for (let i = 0; i < 6; i++) book.recordSent(JAN); // allowance at JAN + 1 day: ceil(200/31) = 7
    book.enqueue(entry('A', 'conversation', ['c1'], JAN));
    expect(must(book.next(JAN + DAY_MS)).reason).toBe('window');
  });

  it('does not pace full and deadline requests', () => {
    const book = new QuotaBook(policyWith({ monthlyQuota: 100 }));
    for (let i = 0; i < 20; i++) book.recordSent(JAN); // far ahead of the pace (allowance at JAN: 4)
    book.enqueue(entry('A', 'conversation', ['c1', 'c2', 'c3']));
    book.enqueue(entry('A', 'engagement', ['e1'], JAN, JAN + 25 * DAY_MS));
    book.enqueue(entry('A', 'consumer', ['k1']));
    expect(drain(book, JAN).map((r) => r.reason)).toEqual(['full', 'deadline']);
    expect(book.next(JAN + DAY_MS)).toBeUndefined(); // the consumer's window request is paced
    expect(book.usedIn(JAN)).toBe(22);
  });

  it('keeps window requests within the pace on an hourly clock through the month', () => {
    const book = new QuotaBook(paced);
    let windows = 0;
    for (let h = 0, now = JAN; now < FEB; h++, now += HOUR) {
      book.enqueue(entry(`s${h}`, KINDS[h % KINDS.length] ?? 'conversation', [`id-${h}`], now));
      for (const r of drain(book, now)) {
        expect(r.reason).toBe('window');
        windows += 1;
      }
      expect(book.usedIn(now)).toBeLessThanOrEqual(allowance(paced, now));
    }
    expect(windows).toBeGreaterThan(0);
    expect(windows).toBeLessThanOrEqual(100);
  });

  it('never exceeds the monthly quota, even with full requests, and resumes the next UTC month', () => {
    const book = new QuotaBook(policyWith({ maxIdsPerRequest: 1, monthlyQuota: 5 }));
    book.enqueue(entry('A', 'conversation', ['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7']));
    expect(drain(book, JAN)).toHaveLength(5);
    expect(book.usedIn(JAN)).toBe(5);
    expect(book.next(JAN + 10 * DAY_MS)).toBeUndefined();
    expect(book.next(FEB - 1)).toBeUndefined();
    expect(book.usedIn(FEB)).toBe(0);
    const feb = drain(book, FEB);
    expect(feb.flatMap((r) => r.ids)).toEqual(['i5', 'i6', 'i7']);
    expect(book.usedIn(FEB)).toBe(3);
    expect(book.usedIn(FEB - 1)).toBe(5);
  });

  it('stops deadline requests at the monthly quota too', () => {
    const book = new QuotaBook(policyWith({ monthlyQuota: 1 }));
    book.recordSent(JAN);
    book.enqueue(entry('A', 'conversation', ['c1'], JAN, JAN));
    expect(book.next(JAN + HOUR)).toBeUndefined();
    expect(must(book.next(FEB)).reason).toBe('deadline');
  });

  it('counts requests by UTC month', () => {
    const book = new QuotaBook(policyWith());
    book.recordSent(JAN);
    book.recordSent(FEB - 1);
    book.recordSent(FEB);
    expect(book.usedIn(JAN + 15 * DAY_MS)).toBe(2);
    expect(book.usedIn(FEB + 27 * DAY_MS)).toBe(1);
    expect(book.usedIn(Date.UTC(2027, 2, 1))).toBe(0);
  });

  it('forgets months long past but keeps the previous one', () => {
    const book = new QuotaBook(policyWith());
    book.recordSent(JAN);
    book.recordSent(Date.UTC(2027, 2, 10));
    book.recordSent(Date.UTC(2027, 3, 2));
    expect(Object.keys(book.snapshot().used).sort()).toEqual(
      [String(Date.UTC(2027, 2, 1)), String(Date.UTC(2027, 3, 1))].sort(),
    );
    expect(book.usedIn(JAN)).toBe(0);
    expect(book.usedIn(Date.UTC(2027, 2, 31))).toBe(1);
  });
});

describe('QuotaBook: quotaExhausted', () => {
  it('pauses until the first instant of the next UTC month, then resumes', () => {
    const policy = policyWith({ monthlyQuota: 100 });
    const book = new QuotaBook(policy);
    const now = JAN + 10 * DAY_MS + 5 * HOUR;
    book.enqueue(entry('A', 'conversation', ['c1', 'c2', 'c3']));
    book.quotaExhausted(now);
    expect(book.pausedUntil).toBe(FEB);
    expect(book.usedIn(now)).toBe(100);
    expect(book.usedIn(FEB - 1)).toBe(100);
    expect(book.usedIn(JAN)).toBe(100);
    expect(book.next(now)).toBeUndefined();
    expect(book.next(FEB - 1)).toBeUndefined();
    expect(book.usedIn(FEB)).toBe(0);
    expect(must(book.next(FEB)).ids).toEqual(['c1', 'c2', 'c3']);
    expect(book.pausedUntil).toBeUndefined();
  });

  it('sends the refused request again next month when the governor requeues it (the 429 path)', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['c1', 'c2'], JAN, FAR));
    book.enqueue(entry('B', 'conversation', ['c2', 'c3'], JAN + HOUR, FAR + HOUR));
    const now = JAN + 2 * HOUR;
    const refused = must(book.next(now));
    book.requeue(refused);
    book.quotaExhausted(now);
    expect(book.next(now + DAY_MS)).toBeUndefined();
    expect(book.next(FEB)).toEqual(refused);
  });

  it('rolls over the year', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['c1', 'c2', 'c3']));
    book.quotaExhausted(Date.UTC(2026, 11, 31, 23, 59));
    expect(book.pausedUntil).toBe(JAN);
    expect(book.next(JAN - 1)).toBeUndefined();
    expect(must(book.next(JAN)).reason).toBe('full');
  });

  it("spent in a UTC month's first hours, not by this book: tries again once the month began everywhere", () => {
    const book = new QuotaBook(policyWith({ monthlyQuota: 100 }));
    book.enqueue(entry('A', 'conversation', ['c1', 'c2', 'c3']));
    book.quotaExhausted(JAN + 2 * HOUR, true);
    expect(book.pausedUntil).toBe(JAN + 13 * HOUR);
    // Nothing counted as spent: the platform's month may simply not have begun yet.
    expect(book.usedIn(JAN + 2 * HOUR)).toBe(0);
    expect(must(book.next(JAN + 13 * HOUR)).ids).toEqual(['c1', 'c2', 'c3']);
    // Said again once the month has begun everywhere: it really is spent, until next month.
    book.quotaExhausted(JAN + 14 * HOUR, true);
    expect(book.pausedUntil).toBe(FEB);
  });

  it('spent by this book itself: waits for next month even in the first hours', () => {
    const book = new QuotaBook(policyWith({ monthlyQuota: 1 }));
    book.recordSent(JAN + HOUR);
    book.quotaExhausted(JAN + 2 * HOUR, true);
    expect(book.pausedUntil).toBe(FEB);
  });
});

describe('QuotaBook: owners', () => {
  it('lists every subject whose ids a request carries, a shared id once in ids and in both owners', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['x', 'y'], JAN, FAR));
    book.enqueue(entry('B', 'conversation', ['x', 'z'], JAN + HOUR, FAR + HOUR));
    const r = must(book.next(JAN + HOUR));
    expect(r.ids).toEqual(['x', 'y', 'z']);
    expect(r.owners).toEqual([
      { subject: 'A', ids: ['x', 'y'], enqueuedAt: JAN, deadline: FAR },
      { subject: 'B', ids: ['x', 'z'], enqueuedAt: JAN + HOUR, deadline: FAR + HOUR },
    ]);
    expect(book.queuedIds).toBe(0);
  });

  it('adds a later subject to a full request whose ids include its id', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['a', 'b', 'c'], JAN, FAR));
    book.enqueue(entry('B', 'conversation', ['c', 'd'], JAN, FAR + HOUR));
    const r = must(book.next(JAN));
    expect(r.ids).toEqual(['a', 'b', 'c']);
    expect(r.owners.map((o) => [o.subject, o.ids])).toEqual([
      ['A', ['a', 'b', 'c']],
      ['B', ['c']],
    ]);
    expect(book.snapshot().queue).toEqual([entry('B', 'conversation', ['d'], JAN, FAR + HOUR)]);
  });

  it('gives an owner with several entries its earliest enqueue time and deadline', () => {
    const book = new QuotaBook(policyWith({ maxIdsPerRequest: 10 }));
    book.enqueue(entry('A', 'consumer', ['k1'], JAN + 3 * HOUR, FAR));
    book.enqueue(entry('A', 'consumer', ['k2'], JAN + HOUR, FAR + DAY_MS));
    const r = must(book.next(JAN + HOUR + DAY_MS));
    expect(r.owners).toEqual([{ subject: 'A', ids: ['k1', 'k2'], enqueuedAt: JAN + HOUR, deadline: FAR }]);
  });
});

describe('QuotaBook: enqueue, withdraw, requeue', () => {
  it("de-duplicates a subject's ids per kind, not across kinds or subjects", () => {
    const book = new QuotaBook(policyWith({ maxIdsPerRequest: 100 }));
    book.enqueue(entry('A', 'conversation', ['a', 'a', 'b']));
    expect(book.queuedIds).toBe(2);
    book.enqueue(entry('A', 'conversation', ['b', 'c']));
    expect(book.queuedIds).toBe(3);
    book.enqueue(entry('A', 'conversation', ['a', 'c']));
    expect(book.snapshot().queue).toHaveLength(2); // nothing new: no entry added
    book.enqueue(entry('A', 'engagement', ['a']));
    book.enqueue(entry('B', 'conversation', ['a']));
    expect(book.queuedIds).toBe(5);
    const r = must(book.next(JAN + DAY_MS));
    expect(r.ids).toEqual(['a', 'b', 'c']);
    expect(r.owners.map((o) => [o.subject, o.ids])).toEqual([
      ['A', ['a', 'b', 'c']],
      ['B', ['a']],
    ]);
  });

  it('queues an id again once the earlier request carrying it has gone', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['a', 'b', 'c']));
    must(book.next(JAN));
    book.enqueue(entry('A', 'conversation', ['a']));
    expect(book.queuedIds).toBe(1);
  });

  it("withdraws a subject's queued ids, returns how many, and leaves other subjects alone", () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['x', 'y']));
    book.enqueue(entry('A', 'engagement', ['e']));
    book.enqueue(entry('B', 'conversation', ['x']));
    expect(book.withdraw('A')).toBe(3);
    expect(book.queuedIds).toBe(1);
    expect(book.withdraw('A')).toBe(0);
    expect(book.withdraw('nobody')).toBe(0);
    expect(book.next(JAN + DAY_MS)).toEqual({
      kind: 'conversation',
      ids: ['x'],
      owners: [{ subject: 'B', ids: ['x'], enqueuedAt: JAN, deadline: FAR }],
      reason: 'window',
    });
    expect(book.next(JAN + DAY_MS)).toBeUndefined();
  });

  it('requeues a request as its owners queued it, so the same request goes out again', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['a', 'b'], JAN, FAR));
    book.enqueue(entry('B', 'conversation', ['b', 'c'], JAN + HOUR, FAR + HOUR));
    const now = JAN + HOUR;
    const full = must(book.next(now));
    expect(book.queuedIds).toBe(0);
    book.requeue(full);
    expect(book.queuedIds).toBe(4);
    expect(book.next(now)).toEqual(full);
    expect(book.queuedIds).toBe(0);
  });

  it('requeues a request taken from a split queue: every owner id goes out again', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['a', 'b'], JAN, FAR));
    book.enqueue(entry('B', 'conversation', ['b', 'c', 'd'], JAN + HOUR, FAR + HOUR));
    const now = JAN + HOUR;
    const full = must(book.next(now));
    expect(full.ids).toEqual(['a', 'b', 'c']);
    book.requeue(full);
    expect(book.queuedIds).toBe(5);
    const pairs = (rs: PackedRequest[]) =>
      rs.flatMap((r) => r.owners.flatMap((o) => o.ids.map((id) => `${o.subject}:${id}`)));
    const again = [...drain(book, now), ...drain(book, JAN + 5 * DAY_MS)];
    expect(new Set(pairs(again))).toEqual(new Set([...pairs([full]), 'B:d']));
    expect(pairs(again)).toHaveLength(5);
    expect(book.queuedIds).toBe(0);
  });

  it('keeps the enqueue time and deadline on requeue: a window or deadline request goes at once again', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'consumer', ['k1'], JAN, FAR));
    const windowed = must(book.next(JAN + DAY_MS));
    expect(windowed.reason).toBe('window');
    book.requeue(windowed);
    expect(book.next(JAN + DAY_MS)).toEqual(windowed);

    book.enqueue(entry('B', 'engagement', ['e1'], JAN + 2 * DAY_MS, JAN + 26 * DAY_MS));
    const urgent = must(book.next(JAN + 2 * DAY_MS));
    expect(urgent.reason).toBe('deadline');
    book.requeue(urgent);
    expect(book.next(JAN + 2 * DAY_MS)).toEqual(urgent);
  });
});

describe('QuotaBook: nextWakeAt', () => {
  it('is undefined with an empty queue, paused or not', () => {
    const book = new QuotaBook(policyWith());
    expect(book.nextWakeAt(JAN, HOUR)).toBeUndefined();
    book.quotaExhausted(JAN);
    expect(book.nextWakeAt(JAN, HOUR)).toBeUndefined();
  });

  it('is the end of the pause while paused', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['c1']));
    book.quotaExhausted(JAN + 3 * DAY_MS);
    expect(book.nextWakeAt(JAN + 3 * DAY_MS, HOUR)).toBe(FEB);
    expect(book.nextWakeAt(FEB - 1, HOUR)).toBe(FEB);
  });

  it('is the earliest flush window, capped at a tick away', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['c1'], JAN + 2 * HOUR));
    book.enqueue(entry('B', 'consumer', ['k1'], JAN));
    const now = JAN + 3 * HOUR;
    expect(book.nextWakeAt(now, 2 * DAY_MS)).toBe(JAN + DAY_MS);
    expect(book.nextWakeAt(now, HOUR)).toBe(now + HOUR);
  });

  it('is deadline minus the deletion window when that comes first', () => {
    const policy = policyWith();
    const book = new QuotaBook(policy);
    book.enqueue(entry('A', 'conversation', ['c1'], JAN, JAN + policy.deletionWindowMs + 5 * HOUR));
    expect(book.nextWakeAt(JAN, 2 * DAY_MS)).toBe(JAN + 5 * HOUR);
  });

  it('is never before now + 1 nor after now + tick', () => {
    const book = new QuotaBook(policyWith());
    book.enqueue(entry('A', 'conversation', ['c1'], JAN));
    const now = JAN + DAY_MS; // the window is due exactly now (next() not called)
    const wake = must(book.nextWakeAt(now, HOUR));
    expect(wake).toBeGreaterThanOrEqual(now + 1);
    expect(wake).toBeLessThanOrEqual(now + HOUR);
  });

  /**
   * The governor loop: send all the book gives, then sleep until nextWakeAt (no arrivals). Returns how
   * many times it woke before `until`, stopping at `cap` wake-ups.
   */
  function governorLoop(book: QuotaBook, from: number, until: number, tickMs: number, cap: number) {
    const sent: { at: number; request: PackedRequest }[] = [];
    let now = from;
    let wakes = 0;
    while (now < until && wakes < cap) {
      for (const request of drain(book, now)) sent.push({ at: now, request });
      const wake = book.nextWakeAt(now, tickMs);
      if (wake === undefined) break;
      now = wake;
      wakes += 1;
    }
    for (const request of drain(book, now)) sent.push({ at: now, request });
    return { sent, wakes, now };
  }

  it('does not busy-wait while pacing holds a due partial queue back (wakes about once a tick)', () => {
    // Seven requests spent at the start of January; a partial queue due at JAN + 1 day is held by the
    // pace (allowance 7) until JAN + 101,088,001 ms, about 4.1 hours later: a handful of hourly ticks.
    const book = new QuotaBook(policyWith({ maxIdsPerRequest: 100, monthlyQuota: 100 }));
    for (let i = 0; i < 7; i++) book.recordSent(JAN);
    book.enqueue(entry('A', 'conversation', ['c1'], JAN));
    const run = governorLoop(book, JAN + DAY_MS, JAN + 2 * DAY_MS, HOUR, 1000);
    expect(run.sent.map((s) => s.request.ids)).toEqual([['c1']]);
    expect(run.wakes).toBeLessThanOrEqual(10);
  });

  it('does not busy-wait at the monthly quota with due ids (wakes about once a tick until next month)', () => {
    // Two requests a month of one id each: two go at once, the third waits for February, its window
    // (JAN + 1 day) long past.
    const book = new QuotaBook(policyWith({ maxIdsPerRequest: 1, monthlyQuota: 2 }));
    book.enqueue(entry('A', 'consumer', ['k1'], JAN));
    book.enqueue(entry('B', 'engagement', ['e1'], JAN));
    book.enqueue(entry('C', 'ticketing', ['t1'], JAN));
    const run = governorLoop(book, JAN, FEB + HOUR, HOUR, 5000);
    expect(run.sent.map((s) => [s.at, s.request.kind])).toEqual([
      [JAN, 'engagement'],
      [JAN, 'consumer'],
      [FEB, 'ticketing'],
    ]);
    // 31 days of hourly ticks is 744 wake-ups; a 1 ms loop would be 2.6 billion.
    expect(run.wakes).toBeLessThanOrEqual(31 * 24 + 5);
  });
});

describe('QuotaBook: snapshot', () => {
  /** A book part-way through: sent requests, a split entry, shared ids, several kinds. */
  function busyBook(): QuotaBook {
    const book = new QuotaBook(policyWith({ monthlyQuota: 6 }));
    book.enqueue(entry('A', 'conversation', ['a1', 'a2', 'a3', 'a4', 'x'], JAN, FAR));
    book.enqueue(entry('B', 'conversation', ['x', 'b1'], JAN + HOUR, FAR - DAY_MS));
    book.enqueue(entry('B', 'consumer', ['kb'], JAN + HOUR, JAN + 26 * DAY_MS));
    book.enqueue(entry('C', 'engagement', ['e1', 'e2'], JAN + 2 * HOUR, FAR));
    drain(book, JAN + 2 * HOUR);
    book.enqueue(entry('D', 'ticketing', ['t1'], JAN + 3 * HOUR, FAR));
    return book;
  }

  /** Drives a book hourly for 70 days from `from`, recording everything it does. */
  function trace(book: QuotaBook, from: number): unknown[] {
    const out: unknown[] = [];
    for (let now = from; now < from + 70 * DAY_MS; now += HOUR) {
      out.push(now, drain(book, now), book.usedIn(now), book.nextWakeAt(now, HOUR), book.queuedIds);
    }
    return out;
  }

  it('round-trips: a book built from the snapshot behaves identically', () => {
    const book = busyBook();
    const restored = new QuotaBook(policyWith({ monthlyQuota: 6 }), book.snapshot());
    expect(restored.queuedIds).toBe(book.queuedIds);
    const original = trace(book, JAN + 3 * HOUR);
    expect(original.some((x) => Array.isArray(x) && x.length > 0)).toBe(true);
    expect(trace(restored, JAN + 3 * HOUR)).toEqual(original);
  });

  it('round-trips through JSON (as continue-as-new carries it), pause included', () => {
    const book = busyBook();
    book.quotaExhausted(JAN + 4 * HOUR);
    const carried = JSON.parse(JSON.stringify(book.snapshot())) as QuotaBookState;
    const restored = new QuotaBook(policyWith({ monthlyQuota: 6 }), carried);
    expect(restored.pausedUntil).toBe(FEB);
    expect(restored.usedIn(JAN)).toBe(6);
    expect(trace(restored, JAN + 4 * HOUR)).toEqual(trace(book, JAN + 4 * HOUR));
  });

  it('is a copy: changing the snapshot does not change the book', () => {
    const book = busyBook();
    const before = book.snapshot();
    const snap = book.snapshot();
    (must(snap.queue[0]).ids as string[]).push('intruder');
    snap.queue.push(entry('Z', 'conversation', ['z1', 'z2', 'z3']));
    snap.used[String(JAN)] = 0;
    snap.pausedUntil = FEB;
    expect(book.snapshot()).toEqual(before);
    expect(book.pausedUntil).toBeUndefined();
    expect(book.snapshot()).not.toEqual(snap);
  });
});

describe('QuotaBook: robustness', () => {
  it('copes with a large backlog (100,000 queued entries) without a stack overflow', () => {
    const policy = policyWith({ maxIdsPerRequest: 100, monthlyQuota: 100 });
    const queue: QueuedIds[] = Array.from({ length: 100_000 }, (_, n) =>
      entry(`s${Math.floor(n / 3)}`, KINDS[n % 3] ?? 'conversation', [`id-${n}`], JAN + (n % 1000), FAR),
    );
    const book = new QuotaBook(policy, { queue, used: {} });
    expect(book.nextWakeAt(JAN, HOUR)).toBe(JAN + HOUR);
    const r = must(book.next(JAN));
    expect(r.ids).toHaveLength(100);
    expect(r.reason).toBe('full');
  });
});

// ---------------------------------------------------------------------------------------------------
// Model-based property: random enqueues, withdrawals and 429s on an hourly clock.

type Event =
  | {
      readonly type: 'enqueue';
      readonly offset: number;
      readonly subject: string;
      readonly kind: RecordKind;
      readonly ids: string[];
      readonly deadlineAfter: number;
    }
  | { readonly type: 'withdraw'; readonly offset: number; readonly subject: string }
  | { readonly type: 'exhausted'; readonly offset: number };

/** Any instant of the month's first 28 days (so every month holds it). */
const offsetArb = fc.integer({ min: 0, max: 28 * DAY_MS - 1 });
const subjectArb = fc.constantFrom('s1', 's2', 's3', 's4', 's5');
const eventArb: fc.Arbitrary<Event> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      type: fc.constant('enqueue' as const),
      offset: offsetArb,
      subject: subjectArb,
      kind: fc.constantFrom(...KINDS),
      ids: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 5 }),
      deadlineAfter: fc.integer({ min: 0, max: 40 * DAY_MS }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('withdraw' as const), offset: offsetArb, subject: subjectArb }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('exhausted' as const), offset: offsetArb }) },
);
const policyArb = (quota: fc.Arbitrary<number>): fc.Arbitrary<QuotaPolicy> =>
  fc.record({
    maxIdsPerRequest: fc.integer({ min: 1, max: 4 }),
    monthlyQuota: quota,
    kinds: fc.shuffledSubarray([...KINDS], { minLength: KINDS.length, maxLength: KINDS.length }),
    flushWindowMs: fc.constantFrom(HOUR, 6 * HOUR, DAY_MS, 3 * DAY_MS),
    deletionWindowMs: fc.constantFrom(HOUR, 10 * DAY_MS, 25 * DAY_MS),
  });
/** 31-, 28-, 29- and 30-day months. */
const monthArb = fc.constantFrom(JAN, FEB, Date.UTC(2028, 1, 1), Date.UTC(2027, 3, 1), Date.UTC(2027, 11, 1));

interface Waiting {
  readonly enqueuedAt: number;
  readonly deadline: number;
}

/**
 * Runs the book over the events' month and the next one on an hourly clock, checking every request
 * against a model of who is waiting for what. Returns the ids still waiting at the end.
 */
function runAgainstModel(policy: QuotaPolicy, month: number, events: readonly Event[]): number {
  const book = new QuotaBook(policy);
  // subject → kind → id → when it was queued and its deadline
  const waiting = new Map<string, Map<RecordKind, Map<string, Waiting>>>();
  const used = new Map<number, number>(); // what the book should count, by month
  const requests = new Map<number, number>(); // requests actually sent, by month
  let pausedUntil: number | undefined;
  const ofKind = (kind: RecordKind): { subject: string; id: string; w: Waiting }[] =>
    [...waiting].flatMap(([subject, kinds]) =>
      [...(kinds.get(kind) ?? new Map<string, Waiting>())].map(([id, w]) => ({ subject, id, w })),
    );
  const waitingCount = (): number =>
    [...waiting.values()].reduce(
      (n, kinds) => n + [...kinds.values()].reduce((m, ids) => m + ids.size, 0),
      0,
    );
  /** What the brief says a kind should go out for at `now`, if anything. */
  const reasonFor = (kind: RecordKind, now: number): PackedRequest['reason'] | undefined => {
    const mine = ofKind(kind);
    if (mine.length === 0) return undefined;
    if (new Set(mine.map((m) => m.id)).size >= policy.maxIdsPerRequest) return 'full';
    if (mine.some((m) => m.w.deadline - policy.deletionWindowMs <= now)) return 'deadline';
    const oldest = Math.min(...mine.map((m) => m.w.enqueuedAt));
    if (oldest + policy.flushWindowMs > now) return undefined;
    return (used.get(monthStartOf(now)) ?? 0) < allowance(policy, now) ? 'window' : undefined;
  };

  const sorted = [...events].sort((x, y) => x.offset - y.offset);
  let next = 0;
  const end = startOfNextMonthUtc(startOfNextMonthUtc(month));
  for (let now = month; now < end; now += HOUR) {
    for (let e = sorted[next]; e !== undefined && month + e.offset <= now; e = sorted[++next]) {
      const at = month + e.offset;
      if (e.type === 'enqueue') {
        book.enqueue({
          subject: e.subject,
          kind: e.kind,
          ids: e.ids,
          enqueuedAt: at,
          deadline: at + e.deadlineAfter,
        });
        const kinds = waiting.get(e.subject) ?? new Map<RecordKind, Map<string, Waiting>>();
        const ids = kinds.get(e.kind) ?? new Map<string, Waiting>();
        for (const id of e.ids)
          if (!ids.has(id)) ids.set(id, { enqueuedAt: at, deadline: at + e.deadlineAfter });
        kinds.set(e.kind, ids);
        waiting.set(e.subject, kinds);
      } else if (e.type === 'withdraw') {
        const kinds = waiting.get(e.subject);
        const count = kinds ? [...kinds.values()].reduce((n, ids) => n + ids.size, 0) : 0;
        expect(book.withdraw(e.subject)).toBe(count);
        waiting.delete(e.subject);
      } else {
        book.quotaExhausted(at);
        used.set(monthStartOf(at), policy.monthlyQuota);
        pausedUntil = startOfNextMonthUtc(at);
      }
    }

    for (let n = 0; ; n++) {
      expect(n).toBeLessThan(1000);
      const paused = pausedUntil !== undefined && now < pausedUntil;
      const spent = (used.get(monthStartOf(now)) ?? 0) >= policy.monthlyQuota;
      const expectedKind =
        paused || spent ? undefined : policy.kinds.find((k) => reasonFor(k, now) !== undefined);
      const r = book.next(now);
      if (r === undefined) {
        // Nothing due was held back.
        expect(expectedKind).toBeUndefined();
        break;
      }
      expect(r.kind).toBe(expectedKind);
      expect(r.reason).toBe(reasonFor(r.kind, now));
      // At most the limit, unique ids, and the full requests really full.
      expect(r.ids.length).toBeGreaterThanOrEqual(1);
      expect(r.ids.length).toBeLessThanOrEqual(policy.maxIdsPerRequest);
      if (r.reason === 'full') expect(r.ids.length).toBe(policy.maxIdsPerRequest);
      expect(new Set(r.ids).size).toBe(r.ids.length);
      // Owners: distinct subjects, exactly the request's ids between them, each id one it is waiting for
      // (of this kind, queued at or before now, not yet sent for it): so each is sent once per subject.
      expect(new Set(r.owners.map((o) => o.subject)).size).toBe(r.owners.length);
      expect(new Set(r.owners.flatMap((o) => o.ids))).toEqual(new Set(r.ids));
      for (const owner of r.owners) {
        expect(owner.ids.length).toBeGreaterThan(0);
        expect(new Set(owner.ids).size).toBe(owner.ids.length);
        const mine = waiting.get(owner.subject)?.get(r.kind);
        const times = owner.ids.map((id) => mine?.get(id));
        for (const w of times) {
          expect(w).toBeDefined();
          expect(w?.enqueuedAt).toBeLessThanOrEqual(now);
        }
        expect(owner.enqueuedAt).toBe(Math.min(...times.map((w) => w?.enqueuedAt ?? Number.NaN)));
        expect(owner.deadline).toBe(Math.min(...times.map((w) => w?.deadline ?? Number.NaN)));
        for (const id of owner.ids) mine?.delete(id);
      }
      book.recordSent(now);
      const key = monthStartOf(now);
      used.set(key, (used.get(key) ?? 0) + 1);
      requests.set(key, (requests.get(key) ?? 0) + 1);
      expect(requests.get(key)).toBeLessThanOrEqual(policy.monthlyQuota);
    }
    expect(book.usedIn(now)).toBe(used.get(monthStartOf(now)) ?? 0);
    expect(book.queuedIds).toBe(waitingCount());
  }
  return waitingCount();
}

describe('QuotaBook properties', () => {
  it('with a tight quota: single-kind requests within the limit, the monthly quota kept, nothing sent twice or early', () => {
    fc.assert(
      fc.property(
        policyArb(fc.integer({ min: 1, max: 8 })),
        monthArb,
        fc.array(eventArb, { maxLength: 30 }),
        (policy, month, events) => {
          runAgainstModel(policy, month, events);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('with an ample quota: every id queued and not withdrawn is sent, once per subject, by the end', () => {
    fc.assert(
      fc.property(
        policyArb(fc.constantFrom(200, 1000)),
        monthArb,
        fc.array(eventArb, { maxLength: 30 }),
        (policy, month, events) => {
          expect(runAgainstModel(policy, month, events)).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('QuotaBook: the benchmark bound', () => {
  it('sends 2,000 reference subjects queued at the start of a month within the month in at most 100 requests', () => {
    const input = must(governorInputFor('liveperson', 'acct', standardTiming));
    const book = new QuotaBook(input.policy);
    const SUBJECTS = 2000;
    const pending = new Map<string, number>();
    for (let n = 0; n < SUBJECTS; n++) {
      const subject = `subject-${n}`;
      pending.set(subject, 5);
      const deadline = addOneMonthUtc(JAN);
      book.enqueue(
        entry(
          subject,
          'conversation',
          [0, 1, 2].map((i) => `conv-${n}-${i}`),
          JAN,
          deadline,
        ),
      );
      book.enqueue(entry(subject, 'consumer', [`consumer-${n}`], JAN, deadline));
      book.enqueue(entry(subject, 'engagement', [`eng-${n}`], JAN, deadline));
    }
    let requests = 0;
    for (let now = JAN; now < FEB; now += HOUR) {
      for (const r of drain(book, now)) {
        requests += 1;
        for (const owner of r.owners)
          pending.set(owner.subject, (pending.get(owner.subject) ?? 0) - owner.ids.length);
      }
    }
    expect([...pending.values()].every((left) => left === 0)).toBe(true);
    expect(book.queuedIds).toBe(0);
    expect(requests).toBeLessThanOrEqual(100);
    expect(book.usedIn(JAN)).toBe(requests);
    expect(JAN_LENGTH).toBe(31 * DAY_MS);
  });
});

describe('a subject withdrawn while its request is in flight', () => {
  it('is not queued again when that request meets a 429', () => {
    const book = new QuotaBook(policyWith());
    const deadline = JAN + 40 * DAY_MS;
    book.enqueue({ subject: 'kept', kind: 'conversation', ids: ['k1'], enqueuedAt: JAN, deadline });
    book.enqueue({ subject: 'gone', kind: 'conversation', ids: ['g1'], enqueuedAt: JAN, deadline });
    const request = book.next(JAN + 2 * DAY_MS);
    expect(request?.owners.map((o) => o.subject).sort()).toEqual(['gone', 'kept']);
    book.withdraw('gone'); // the cancel arrives while the request is being sent
    if (!request) throw new Error('a request was expected');
    book.requeue(request); // the platform answered 429
    expect(book.snapshot().queue.map((q) => q.subject)).toEqual(['kept']);
  });
});
