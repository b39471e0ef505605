/**
 * Erasure requests (src/domain/request.ts): ErasureRequestSchema validation reported as field paths by
 * fieldIssues, and describeIssues summaries that never quote the offending (possibly personal) value.
 */
import { describe, expect, it } from 'vitest';
import { describeIssues, ErasureRequestSchema, type FieldIssue, fieldIssues } from '../../src/domain/request';

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
    const issues = issuesOf({ ...valid, systems: ['zendesk'] });
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
