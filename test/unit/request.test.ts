/**
 * Erasure requests (src/domain/request.ts): ErasureRequestSchema validation (including the deadline and
 * dry-run options) reported as field paths by fieldIssues, the workflow input schema (subject ref and
 * timing instead of the raw subject key), and describeIssues summaries that never quote the offending
 * (possibly personal) value.
 */

import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ErasureClient } from '../../src/client';
import { Secret } from '../../src/config/secret';
import {
  describeIssues,
  ErasureRequestSchema,
  ErasureWorkflowInputSchema,
  type FieldIssue,
  fieldIssues,
} from '../../src/domain/request';
import { standardTiming, timingForDay } from '../../src/domain/timing';

const valid = {
  requestId: 'TICKET-1',
  subjectKey: 'customer-42',
  identifiers: [
    { kind: 'email', value: 'Alice@Example.com' },
    { kind: 'phone', value: '+44 7700 900123' },
  ],
  requestedBy: 'dpo@controller.example',
};

/** Parses and returns the field issues; fails the test if the input unexpectedly parses. */
function issuesOf(input: unknown): FieldIssue[] {
  const parsed = ErasureRequestSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.error ? fieldIssues(parsed.error) : [];
}

describe('ErasureRequestSchema', () => {
  it('accepts a valid request and normalises its identifiers', () => {
    const parsed = ErasureRequestSchema.parse({
      ...valid,
      systems: ['liveperson'],
      receivedAt: '2025-03-01T10:00:00+01:00',
    });
    expect(parsed.identifiers).toEqual([
      { kind: 'email', value: 'alice@example.com' },
      { kind: 'phone', value: '+447700900123' },
    ]);
    expect(parsed.systems).toEqual(['liveperson']);
  });

  it('leaves systems out when not given (every configured platform)', () => {
    expect(ErasureRequestSchema.parse(valid).systems).toBeUndefined();
  });

  it('reports a missing subjectKey at field "subjectKey"', () => {
    const { subjectKey: _omitted, ...withoutKey } = valid;
    const issues = issuesOf(withoutKey);
    expect(issues.map((i) => i.field)).toEqual(['subjectKey']);
  });

  it('reports a blank subjectKey as required', () => {
    expect(issuesOf({ ...valid, subjectKey: '   ' })).toEqual([
      { field: 'subjectKey', message: 'is required' },
    ]);
  });

  it('reports a malformed email at "identifiers.0.value"', () => {
    const issues = issuesOf({ ...valid, identifiers: [{ kind: 'email', value: 'alice.at.example.com' }] });
    expect(issues).toEqual([{ field: 'identifiers.0.value', message: 'must be an email address' }]);
  });

  it('reports the index of the bad identifier', () => {
    const issues = issuesOf({
      ...valid,
      identifiers: [...valid.identifiers, { kind: 'phone', value: '07700 900123' }],
    });
    expect(issues.map((i) => i.field)).toEqual(['identifiers.2.value']);
  });

  it('reports an unknown platform at "systems.0"', () => {
    const issues = issuesOf({ ...valid, systems: ['intercom'] });
    expect(issues.map((i) => i.field)).toEqual(['systems.0']);
  });

  it('requires at least one identifier and one system when systems is given', () => {
    expect(issuesOf({ ...valid, identifiers: [] })).toEqual([
      { field: 'identifiers', message: 'must name at least one identifier' },
    ]);
    expect(issuesOf({ ...valid, systems: [] }).map((i) => i.field)).toEqual(['systems']);
  });

  it('rejects a receivedAt that is not an ISO-8601 date-time', () => {
    expect(issuesOf({ ...valid, receivedAt: 'yesterday' }).map((i) => i.field)).toEqual(['receivedAt']);
  });

  it('collects every problem at once', () => {
    const issues = issuesOf({
      requestId: 'R',
      identifiers: [{ kind: 'email', value: 'x' }],
      systems: ['nope'],
    });
    expect(issues.map((i) => i.field).sort()).toEqual(
      ['identifiers.0.value', 'requestedBy', 'subjectKey', 'systems.0'].sort(),
    );
  });

  it('names the whole input "(input)" when it is not an object', () => {
    expect(issuesOf(null).map((i) => i.field)).toEqual(['(input)']);
  });
});

describe('ErasureRequestSchema options', () => {
  it('accepts a deadline with an offset and a dry-run flag', () => {
    const parsed = ErasureRequestSchema.parse({
      ...valid,
      options: { deadline: '2025-04-01T00:00:00+02:00', dryRun: true },
    });
    expect(parsed.options).toEqual({ deadline: '2025-04-01T00:00:00+02:00', dryRun: true });
    expect(
      ErasureRequestSchema.parse({ ...valid, options: { deadline: '2025-04-01T00:00:00Z' } }).options,
    ).toEqual({
      deadline: '2025-04-01T00:00:00Z',
    });
    expect(ErasureRequestSchema.parse({ ...valid, options: {} }).options).toEqual({});
  });

  it('leaves options out when not given', () => {
    expect(ErasureRequestSchema.parse(valid).options).toBeUndefined();
  });

  it('reports a deadline that is not an ISO-8601 date-time at "options.deadline"', () => {
    expect(issuesOf({ ...valid, options: { deadline: 'next month' } }).map((i) => i.field)).toEqual([
      'options.deadline',
    ]);
    expect(issuesOf({ ...valid, options: { deadline: '2025-04-01' } }).map((i) => i.field)).toEqual([
      'options.deadline',
    ]);
  });

  it('reports a dryRun that is not a boolean at "options.dryRun"', () => {
    expect(issuesOf({ ...valid, options: { dryRun: 'yes' } }).map((i) => i.field)).toEqual([
      'options.dryRun',
    ]);
  });
});

describe('ErasureWorkflowInputSchema', () => {
  const { subjectKey: _key, ...request } = valid;
  const input = {
    ...request,
    subjectRef: '0123456789abcdef'.repeat(4),
    systems: ['liveperson'],
    receivedAt: '2025-03-01T10:00:00Z',
    timing: standardTiming,
  };

  it('accepts a request with its subject ref, systems, receipt time and timing', () => {
    expect(ErasureWorkflowInputSchema.parse(input).receivedAt).toBe('2025-03-01T10:00:00Z');
    const parsed = ErasureWorkflowInputSchema.parse(input);
    expect(parsed.timing).toEqual(standardTiming);
    expect(parsed.subjectRef).toBe(input.subjectRef);
    expect(parsed.identifiers[0]).toEqual({ kind: 'email', value: 'alice@example.com' });
    expect(ErasureWorkflowInputSchema.parse({ ...input, timing: timingForDay(1000) }).timing.deadlineMs).toBe(
      30_000,
    );
  });

  it('never carries the raw subject key', () => {
    const parsed = ErasureWorkflowInputSchema.parse({ ...input, subjectKey: 'customer-42' });
    expect('subjectKey' in parsed).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain('customer-42');
  });

  it('leaves receivedAt out when not given (the workflow uses its start time), but checks it when given', () => {
    const { receivedAt: _omitted, ...rest } = input;
    expect(ErasureWorkflowInputSchema.parse(rest).receivedAt).toBeUndefined();
    const parsed = ErasureWorkflowInputSchema.safeParse({ ...input, receivedAt: 'yesterday' });
    expect(parsed.error ? fieldIssues(parsed.error).map((i) => i.field) : []).toEqual(['receivedAt']);
  });

  it.each(['timing', 'systems', 'subjectRef'] as const)('requires %s', (field) => {
    const { [field]: _omitted, ...rest } = input;
    const parsed = ErasureWorkflowInputSchema.safeParse(rest);
    expect(parsed.success).toBe(false);
    expect(parsed.error ? fieldIssues(parsed.error).map((i) => i.field) : []).toEqual([field]);
  });

  it('requires the subject ref to be 64 lower-case hex digits', () => {
    for (const subjectRef of ['A'.repeat(64), 'a'.repeat(63), 'g'.repeat(64), 'customer-42']) {
      const parsed = ErasureWorkflowInputSchema.safeParse({ ...input, subjectRef });
      expect(parsed.success).toBe(false);
      expect(parsed.error ? fieldIssues(parsed.error).map((i) => i.field) : []).toEqual(['subjectRef']);
    }
  });

  it('validates the timing, reporting its fields under "timing"', () => {
    const parsed = ErasureWorkflowInputSchema.safeParse({
      ...input,
      timing: { ...standardTiming, verifyAfterMs: [2, 1] },
    });
    expect(parsed.error ? fieldIssues(parsed.error) : []).toEqual([
      { field: 'timing.verifyAfterMs', message: 'must be strictly increasing' },
    ]);
    const { hardStopMs: _omitted, ...noHardStop } = standardTiming;
    const missing = ErasureWorkflowInputSchema.safeParse({ ...input, timing: noHardStop });
    expect(missing.error ? fieldIssues(missing.error).map((i) => i.field) : []).toEqual([
      'timing.hardStopMs',
    ]);
  });
});

describe('describeIssues', () => {
  it('joins "field: message" pairs with "; "', () => {
    expect(
      describeIssues([
        { field: 'a', message: 'is required' },
        { field: 'b.0', message: 'is wrong' },
      ]),
    ).toBe('a: is required; b.0: is wrong');
    expect(describeIssues([])).toBe('');
  });

  it('never includes the offending values', () => {
    const badEmail = 'Jane.Doe.Secret-Person@@example.com';
    const badPhone = '+00 1234 SECRET';
    const longKey = `subject-${'k'.repeat(600)}`;
    const message = describeIssues(
      issuesOf({
        ...valid,
        subjectKey: longKey,
        identifiers: [
          { kind: 'email', value: badEmail },
          { kind: 'phone', value: badPhone },
        ],
      }),
    );
    expect(message).toContain('identifiers.0.value: must be an email address');
    expect(message).toContain('identifiers.1.value');
    expect(message).toContain('subjectKey');
    expect(message).not.toContain(badEmail);
    expect(message.toLowerCase()).not.toContain(badEmail.toLowerCase());
    expect(message).not.toContain('Jane');
    expect(message).not.toContain('SECRET');
    expect(message).not.toContain('kkkkkkkk');
  });
});

describe('the expansion policy of a request (issue 15)', () => {
  const client = (expand?: 'auto' | 'confirm' | 'off') =>
    new ErasureClient({
      client: {} as Client,
      taskQueue: 'lethe-test',
      subjectHmacKey: new Secret('test-hmac-key-of-at-least-32-characters'),
      configuredSystems: ['liveperson'],
      timing: standardTiming,
      ...(expand ? { expand } : {}),
    });
  const request = {
    requestId: 'T-1',
    subjectKey: 'cust-1',
    identifiers: [{ kind: 'email' as const, value: 'ada@example.com' }],
    requestedBy: 'privacy-desk',
  };

  it("takes the request's own policy, else the deployment's, else none (each link decides)", () => {
    expect(client('confirm').prepare({ ...request, options: { expand: 'auto' } }).input.options?.expand).toBe(
      'auto',
    );
    expect(client('off').prepare(request).input.options?.expand).toBe('off');
    expect(client().prepare(request).input.options).toBeUndefined();
  });

  it('refuses a policy it does not know, naming the field', () => {
    const parsed = ErasureRequestSchema.safeParse({ ...request, options: { expand: 'everything' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['options', 'expand']);
  });
});
