/**
 * Every bound of an erasure request (src/domain/request.ts, src/domain/identifiers.ts), each tested at
 * the bound (accepted) and one past it (refused, naming the field, never quoting the value): so each
 * test fails if its bound moves or goes. The clock-dependent checks (checkRequestDates) take "now" as
 * a parameter; the workflow's own schema reads no clock.
 */
import { describe, expect, it } from 'vitest';
import { IdentifierListSchema, IdentifierSchema } from '../../src/domain/identifiers';
import {
  checkRequestDates,
  describeIssues,
  ErasureRequestSchema,
  ErasureWorkflowInputSchema,
  type FieldIssue,
  fieldIssues,
  REQUEST_BOUNDS,
  requestBytes,
} from '../../src/domain/request';
import { standardTiming } from '../../src/domain/timing';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

const valid = {
  requestId: 'DSR-1',
  subjectKey: 'customer-42',
  identifiers: [{ kind: 'email', value: 'ada@example.com' }],
  requestedBy: 'privacy-desk',
};

/** The issues of a request that must be refused; fails the test if it is accepted. */
function refused(input: unknown): FieldIssue[] {
  const parsed = ErasureRequestSchema.safeParse(input);
  expect(parsed.success, 'expected the request to be refused').toBe(false);
  return parsed.error ? fieldIssues(parsed.error) : [];
}
const accepted = (input: unknown): boolean => ErasureRequestSchema.safeParse(input).success;

/** Refused at exactly `field`, and the message does not carry `value`. */
function refusedAt(input: unknown, field: string, value?: string): FieldIssue[] {
  const issues = refused(input);
  expect(issues.map((i) => i.field)).toEqual([field]);
  if (value !== undefined) expect(describeIssues(issues)).not.toContain(value);
  return issues;
}

const withId = (kind: string, value: string) => ({ ...valid, identifiers: [{ kind, value }] });

describe('identifier bounds', () => {
  it('takes an email of 254 characters and refuses 255 (RFC 5321), before the address pattern runs', () => {
    const at254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(at254).toHaveLength(254);
    expect(accepted(withId('email', at254))).toBe(true);
    const at255 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`;
    const [issue] = refusedAt(withId('email', at255), 'identifiers.0.value', at255);
    expect(issue?.message).toMatch(/at most 254/);
    // 100,000 characters: one issue, no pattern run over it.
    const huge = `${'a'.repeat(100_000)}@example.com`;
    const started = performance.now();
    refusedAt(withId('email', huge), 'identifiers.0.value', 'a'.repeat(50));
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('takes a local part of 64 characters and refuses 65', () => {
    expect(accepted(withId('email', `${'a'.repeat(64)}@example.com`))).toBe(true);
    const long = `${'a'.repeat(65)}@example.com`;
    expect(refusedAt(withId('email', long), 'identifiers.0.value', long)[0]?.message).toMatch(/64/);
  });

  it('takes a phone typed in up to 40 characters, in E.164 once normalised, and refuses more', () => {
    const typed40 = `+44 (0) 7700-900.123${' '.repeat(20)}`.trim().padEnd(40, '-');
    expect(typed40).toHaveLength(40);
    expect(IdentifierSchema.safeParse({ kind: 'phone', value: '+44 7700 900123' }).success).toBe(true);
    const long = `+44 ${'-'.repeat(33)}7700900123`;
    expect(long.length).toBeGreaterThan(40);
    refusedAt(withId('phone', long), 'identifiers.0.value', long);
    // 15 digits is E.164's most; 16 is not a phone.
    expect(accepted(withId('phone', `+1${'2'.repeat(14)}`))).toBe(true);
    refusedAt(withId('phone', `+1${'2'.repeat(15)}`), 'identifiers.0.value');
  });

  it('takes opaque ids of 200 characters and refuses 201', () => {
    expect(accepted(withId('customerId', 'c'.repeat(200)))).toBe(true);
    refusedAt(withId('customerId', 'c'.repeat(201)), 'identifiers.0.value', 'c'.repeat(201));
    expect(accepted(withId('name', 'n'.repeat(200)))).toBe(true);
    refusedAt(withId('name', 'n'.repeat(201)), 'identifiers.0.value');
  });

  it.each([
    ['customerId', 'c-1\x1b[2J'],
    ['name', 'Ada\u0000Lovelace'],
    ['chatbotUci', 'm\u009b31m'],
    ['livepersonConsumerId', 'x\x7f'],
    ['genesysExternalContactId', 'g\rh'],
  ])('refuses control characters in a %s', (kind, value) => {
    expect(refusedAt(withId(kind, value), 'identifiers.0.value', value)[0]?.message).toBe(
      'must not contain control characters',
    );
  });

  it('lets a postal address span lines, but refuses other control characters in it', () => {
    expect(accepted(withId('address', '1 Main Street\nSpringfield\r\n\tUK'))).toBe(true);
    refusedAt(withId('address', '1 Main Street\x1b]0;owned\x07'), 'identifiers.0.value');
  });

  it('takes 1000 identifiers and refuses 1001 without checking each', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'customerId', value: `c-${i}` }));
    expect(IdentifierListSchema.safeParse(ids(1000)).success).toBe(true);
    const over = IdentifierListSchema.safeParse([...ids(1000), ...Array(1000).fill(null)]);
    expect(over.error?.issues).toHaveLength(1);
    expect(over.error?.issues[0]?.message).toBe('must name at most 1000 identifiers');
  });
});

describe('reference and free-text bounds', () => {
  it.each([
    ['requestId', 200],
    ['subjectKey', 500],
    ['requestedBy', 200],
  ] as const)(
    'takes a %s of %i characters and refuses one more, and refuses control characters',
    (field, max) => {
      expect(accepted({ ...valid, [field]: 'r'.repeat(max) })).toBe(true);
      refusedAt({ ...valid, [field]: 'r'.repeat(max + 1) }, field, 'r'.repeat(max + 1));
      refusedAt({ ...valid, [field]: 'DSR\x1b[31m-1' }, field);
      refusedAt({ ...valid, [field]: 'DSR\n-1' }, field);
      refusedAt({ ...valid, [field]: '   ' }, field);
    },
  );

  it('takes a reason of 2000 characters over lines, refuses 2001 and control characters other than line breaks', () => {
    expect(accepted({ ...valid, reason: `Art. 17\n${'r'.repeat(1992)}` })).toBe(true);
    refusedAt({ ...valid, reason: 'r'.repeat(2001) }, 'reason');
    refusedAt({ ...valid, reason: 'ok\x1b[2Jcleared' }, 'reason');
  });
});

describe('systems', () => {
  it('refuses a platform named twice, at the second mention', () => {
    expect(accepted({ ...valid, systems: ['liveperson', 'genesys', 'chatbot'] })).toBe(true);
    expect(refused({ ...valid, systems: ['liveperson', 'genesys', 'liveperson'] })).toEqual([
      { field: 'systems.2', message: 'is listed twice' },
    ]);
  });

  it('refuses duplicates in the workflow input too (a start by hand would send two deletions)', () => {
    const { subjectKey: _k, ...rest } = valid;
    const input = { ...rest, subjectRef: 'a'.repeat(64), timing: standardTiming };
    expect(ErasureWorkflowInputSchema.safeParse({ ...input, systems: ['genesys'] }).success).toBe(true);
    const twice = ErasureWorkflowInputSchema.safeParse({ ...input, systems: ['genesys', 'genesys'] });
    expect(twice.error ? fieldIssues(twice.error) : []).toEqual([
      { field: 'systems.1', message: 'is listed twice' },
    ]);
  });
});

describe('unknown fields and wrong shapes', () => {
  it('refuses an unknown field, naming it when it looks like a field name and never when it may be data', () => {
    expect(refused({ ...valid, requestid: 'x' })).toEqual([
      { field: 'requestid', message: 'is not a known field' },
    ]);
    expect(refused({ ...valid, options: { dryrun: true } })).toEqual([
      { field: 'options.dryrun', message: 'is not a known field' },
    ]);
    const issues = refused({ ...valid, 'ada@example.com': true });
    expect(issues).toEqual([{ field: '(input)', message: 'has a field it does not know' }]);
  });

  it('refuses options that are not an object, at "options"', () => {
    for (const options of ['dryRun', ['dryRun'], 1, null]) refusedAt({ ...valid, options }, 'options');
  });
});

describe('receivedAt and the deadline', () => {
  it('refuses a receipt before 2018-05-25, when the GDPR began to apply', () => {
    expect(accepted({ ...valid, receivedAt: '2018-05-25T00:00:00Z' })).toBe(true);
    refusedAt({ ...valid, receivedAt: '2018-05-24T23:59:59Z' }, 'receivedAt');
    refusedAt({ ...valid, receivedAt: '1900-01-01T00:00:00Z' }, 'receivedAt');
  });

  it('refuses a deadline not after the receipt, or more than 94 days after it, when both are given', () => {
    const received = Date.parse('2026-03-01T00:00:00Z');
    const at = (deadline: number) => ({
      ...valid,
      receivedAt: iso(received),
      options: { deadline: iso(deadline) },
    });
    expect(accepted(at(received + 1000))).toBe(true);
    expect(accepted(at(received + REQUEST_BOUNDS.maxDeadlineAfterReceiptMs))).toBe(true);
    expect(refusedAt(at(received), 'options.deadline')[0]?.message).toMatch(/after the request was received/);
    refusedAt(at(received - DAY), 'options.deadline');
    expect(
      refusedAt(at(received + REQUEST_BOUNDS.maxDeadlineAfterReceiptMs + 1000), 'options.deadline')[0]
        ?.message,
    ).toMatch(/94 days/);
  });

  it('94 days covers the longest three calendar months (GDPR Art. 12(3)) with room for time zones', () => {
    expect(REQUEST_BOUNDS.maxDeadlineAfterReceiptMs).toBeGreaterThanOrEqual(92 * DAY);
    expect(REQUEST_BOUNDS.maxDeadlineAfterReceiptMs).toBeLessThan(100 * DAY);
  });
});

describe('checkRequestDates: the checks that need the clock', () => {
  const now = NOW.getTime();

  it('refuses a receipt more than 5 minutes in the future, and takes one within the skew', () => {
    expect(checkRequestDates({ receivedAt: iso(now + 4 * 60_000) }, NOW)).toEqual([]);
    expect(checkRequestDates({ receivedAt: iso(now + REQUEST_BOUNDS.clockSkewMs) }, NOW)).toEqual([]);
    expect(checkRequestDates({ receivedAt: iso(now + REQUEST_BOUNDS.clockSkewMs + 1) }, NOW)).toEqual([
      { field: 'receivedAt', message: 'must not be in the future' },
    ]);
    expect(checkRequestDates({ receivedAt: '2999-01-01T00:00:00Z' }, NOW).map((i) => i.field)).toEqual([
      'receivedAt',
    ]);
  });

  it('takes the receipt as now when none is given, for the deadline', () => {
    expect(checkRequestDates({ options: { deadline: iso(now + DAY) } }, NOW)).toEqual([]);
    expect(checkRequestDates({ options: { deadline: iso(now - DAY) } }, NOW)).toEqual([
      { field: 'options.deadline', message: 'must be after the request was received' },
    ]);
    expect(
      checkRequestDates({ options: { deadline: iso(now + REQUEST_BOUNDS.maxDeadlineAfterReceiptMs) } }, NOW),
    ).toEqual([]);
    expect(
      checkRequestDates(
        { options: { deadline: iso(now + REQUEST_BOUNDS.maxDeadlineAfterReceiptMs + 1) } },
        NOW,
      ).map((i) => i.field),
    ).toEqual(['options.deadline']);
    expect(checkRequestDates({ options: { deadline: '2999-01-01T00:00:00Z' } }, NOW)).toHaveLength(1);
  });

  it('lets a request received long ago be due in the past (an overdue one, caught up)', () => {
    const received = now - 60 * DAY;
    expect(
      checkRequestDates({ receivedAt: iso(received), options: { deadline: iso(received + 30 * DAY) } }, NOW),
    ).toEqual([]);
  });

  it('is not part of the workflow schema, which reads no clock: a future receipt parses there', () => {
    const { subjectKey: _k, ...rest } = valid;
    const input = {
      ...rest,
      subjectRef: 'a'.repeat(64),
      systems: ['liveperson'],
      receivedAt: '2999-01-01T00:00:00Z',
      timing: standardTiming,
    };
    expect(ErasureWorkflowInputSchema.safeParse(input).success).toBe(true);
    const late = { ...input, options: { deadline: '2998-01-01T00:00:00Z' } };
    expect(ErasureWorkflowInputSchema.safeParse(late).success).toBe(false);
  });
});

describe('the size of the whole request', () => {
  /**
   * A request of exactly `bytes` bytes as JSON: ids of 200 characters, "é" (two bytes in UTF-8) and "x"
   * (one), the last one tuned to the byte. A thousand ASCII ids of the longest would not reach the bound.
   */
  function requestOf(bytes: number) {
    const ids: Array<{ kind: string; value: string }> = [];
    const base = { ...valid, identifiers: ids };
    const left = (): number => bytes - requestBytes(base);
    while (left() > 900) ids.push({ kind: 'customerId', value: `${ids.length}-`.padEnd(200, 'é') });
    while (left() > 400 + 40) ids.push({ kind: 'customerId', value: `${ids.length}-`.padEnd(200, 'x') });
    const last = { kind: 'customerId', value: '' };
    ids.push(last);
    const r = left();
    const twoByte = Math.max(0, r - 200);
    last.value = 'é'.repeat(twoByte) + 'x'.repeat(r - 2 * twoByte);
    expect(requestBytes(base)).toBe(bytes);
    expect(ids.length).toBeLessThanOrEqual(1000);
    return base;
  }

  it(`takes ${REQUEST_BOUNDS.maxBytes} bytes and refuses one more, naming (input)`, () => {
    expect(accepted(requestOf(REQUEST_BOUNDS.maxBytes))).toBe(true);
    const [issue] = refused(requestOf(REQUEST_BOUNDS.maxBytes + 1));
    expect(issue).toMatchObject({ field: '(input)' });
    expect(issue?.message).toMatch(/more than the 256 KiB/);
  });

  it('counts UTF-8 bytes, not characters: 1000 ids of 200 accented letters are too many', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'customerId',
      value: `${i}`.padEnd(200, 'é'),
    }));
    expect(refused({ ...valid, identifiers: ids }).map((i) => i.field)).toEqual(['(input)']);
    // The same in ASCII fits: the bounds of the fields and of the whole agree for plain ids.
    const ascii = ids.map((id) => ({ ...id, value: id.value.replace(/é/g, 'e') }));
    expect(accepted({ ...valid, identifiers: ascii })).toBe(true);
  });

  it('stays well below Temporal’s 512 KB warning and 2 MB limit', () => {
    expect(REQUEST_BOUNDS.maxBytes).toBeLessThanOrEqual((512 * 1024) / 2);
  });
});

describe('what an error says', () => {
  it('spells out ten issues and counts the rest', () => {
    const ids = Array.from({ length: 30 }, () => ({ kind: 'email', value: 'not-mail' }));
    const text = describeIssues(refused({ ...valid, identifiers: ids }));
    expect(text.match(/must be an email address/g)).toHaveLength(10);
    expect(text).toMatch(/; and 20 more$/);
  });
});
