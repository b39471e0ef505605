import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { type EraseFlags, eraseRequest } from '../../src/cli/erase-request';
import { identifiersFrom, parseDuration } from '../../src/cli/flags';
import { erasedEverything, renderProgress, table } from '../../src/cli/render';
import { InvalidRequestError, listQuery } from '../../src/client';
import type { ErasureProgress, PlatformCounts } from '../../src/domain/progress';

const NOW = new Date('2026-11-23T12:00:00.000Z');

describe('listQuery: erasures by search attribute', () => {
  it('lists running erasures by default, and only erasure workflows (not governors)', () => {
    expect(listQuery({}, NOW)).toBe(`WorkflowType = 'erasure' AND ExecutionStatus = 'Running'`);
  });

  it('combines every filter; naming a status includes finished erasures', () => {
    expect(listQuery({ status: 'completed', platform: 'genesys', needsAttention: true }, NOW)).toBe(
      `WorkflowType = 'erasure' AND LetheStatus = 'completed' AND LethePlatforms = 'genesys' AND LetheNeedsAttention = true`,
    );
    expect(listQuery({ overdue: true, includeClosed: true }, NOW)).toBe(
      `WorkflowType = 'erasure' AND (LetheStatus = 'overdue' OR (ExecutionStatus = 'Running' AND LetheDeadline < '2026-11-23T12:00:00.000Z'))`,
    );
  });

  it('refuses values outside the known phases and platforms: nothing foreign reaches the query', () => {
    const bad = { status: "completed' OR 1=1 --" } as unknown as Parameters<typeof listQuery>[0];
    expect(() => listQuery(bad, NOW)).toThrow(InvalidRequestError);
    expect(() => listQuery(bad, NOW)).toThrow(/status/);
    const platform = { platform: 'myspace' } as unknown as Parameters<typeof listQuery>[0];
    expect(() => listQuery(platform, NOW)).toThrow(/platform/);
  });
});

describe('CLI flags', () => {
  it('reads durations in ms, s and m, and refuses nonsense or too short a poll', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('300')).toBe(300);
    expect(() => parseDuration('soon')).toThrow(InvalidArgumentError);
    expect(() => parseDuration('10ms')).toThrow(/at least 100ms/);
  });

  it('turns --email, --phone and --identifier kind=value into identifiers, without quoting a bad one', () => {
    expect(
      identifiersFrom({
        email: ['a@x.example'],
        phone: ['+447700900123'],
        identifier: ['chatbotUci=m-1=2', 'customerId=c-9'],
      }),
    ).toEqual([
      { kind: 'email', value: 'a@x.example' },
      { kind: 'phone', value: '+447700900123' },
      { kind: 'chatbotUci', value: 'm-1=2' },
      { kind: 'customerId', value: 'c-9' },
    ]);
    const bad = (): unknown => identifiersFrom({ email: [], phone: [], identifier: ['ada@example.com'] });
    expect(bad).toThrow(/--identifier must be <kind>=<value>/);
    expect(bad).not.toThrow(/ada@example.com/);
  });
});

describe('rendering', () => {
  it('aligns columns, numbers to the right', () => {
    expect(
      table(
        ['name', 'n'],
        [
          ['liveperson', '7'],
          ['genesys', '12'],
        ],
      ),
    ).toEqual(['name        n', 'liveperson   7', 'genesys     12']);
  });

  const counts = (remaining: number): PlatformCounts => ({
    discovered: 3,
    active: 0,
    held: 0,
    queued: 0,
    submitted: 0,
    confirmed: 3 - remaining,
    remaining,
    failed: 0,
  });
  const progress = (over: Partial<ErasureProgress>): ErasureProgress =>
    ({
      phase: 'completed',
      platforms: { liveperson: counts(0) },
      failedPlatforms: {},
      outcome: 'completed',
      reasons: [],
      ...over,
    }) as ErasureProgress;

  it('calls an erasure done only when its outcome is completed', () => {
    expect(erasedEverything(progress({}))).toBe(true);
    expect(erasedEverything(progress({ phase: 'planned', outcome: 'planned' }))).toBe(true);
    expect(erasedEverything(progress({ phase: 'cancelled', outcome: 'cancelled' }))).toBe(false);
    const failed = { scope: 'genesys', reason: 'failed', step: 'resolving', type: 'AuthFailed' } as const;
    expect(
      erasedEverything(
        progress({
          phase: 'incomplete',
          outcome: 'incomplete',
          reasons: [failed],
          failedPlatforms: { genesys: { at: '', type: 'AuthFailed', message: '', step: 'resolving' } },
        }),
      ),
    ).toBe(false);
    // Still running: no outcome yet.
    expect(erasedEverything(progress({ phase: 'awaiting_platform', outcome: undefined }))).toBe(false);
  });

  it('prints the outcome and, when incomplete, every reason in words', () => {
    const lines = renderProgress(
      'erasure-x',
      progress({
        requestId: 'DSR-1',
        timeline: [],
        deadline: { deadline: '2026-01-01T00:00:00.000Z', meetsDeadline: false },
        identifiers: {},
        holds: [],
        quotaWaits: {},
        phase: 'incomplete',
        outcome: 'incomplete',
        reasons: [
          { scope: 'genesys', reason: 'failed', step: 'resolving', type: 'UnexplainedNotFound' },
          { scope: 'liveperson', reason: 'still_present', records: 3 },
        ],
      }),
      'COMPLETED',
    );
    expect(lines).toContain('outcome      INCOMPLETE');
    expect(lines).toContain('  because    genesys: failed while resolving (UnexplainedNotFound)');
    expect(lines).toContain('  because    liveperson: 3 records still present when the erasure ended');
  });
});

describe('the request lethe erase sends', () => {
  const flags = (over: Partial<EraseFlags> = {}): EraseFlags => ({
    email: [],
    phone: [],
    identifier: [],
    system: [],
    ...over,
  });
  const file = {
    path: 'r.json',
    json: {
      requestId: 'DSR-1',
      subjectKey: 'c-1',
      requestedBy: 'desk',
      identifiers: [{ kind: 'email', value: 'a@x.example' }],
      options: { dryRun: true },
    },
  };

  it('lays the flags over the file and adds their identifiers to its', () => {
    expect(
      eraseRequest(
        flags({ requestId: 'DSR-2', phone: ['+447700900123'], deadline: '2027-01-01T00:00:00Z' }),
        file,
      ),
    ).toEqual({
      requestId: 'DSR-2',
      subjectKey: 'c-1',
      requestedBy: 'desk',
      identifiers: [
        { kind: 'email', value: 'a@x.example' },
        { kind: 'phone', value: '+447700900123' },
      ],
      options: { dryRun: true, deadline: '2027-01-01T00:00:00Z' },
    });
  });

  it('names the flag that sets each bad field, and refuses a file that is not a request', () => {
    expect(() => eraseRequest(flags({ email: ['x'] }))).toThrow(
      /requestId \(--request-id\): is required.*identifiers\.0\.value \(--email\/--phone\/--identifier\)/,
    );
    expect(() => eraseRequest(flags({ system: ['myspace'] }), file)).toThrow(/--system must be one of/);
    expect(() => eraseRequest(flags(), { path: 'r.json', json: [1] })).toThrow(/must be a JSON object/);
    expect(() => eraseRequest(flags(), { path: 'r.json', json: { identifiers: 'a@x.example' } })).toThrow(
      /identifiers must be a list/,
    );
  });
});
