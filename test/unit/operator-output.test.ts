/**
 * What the CLI prints for people (issue 16), against the stand-in client: status with elapsed time and,
 * on a compressed clock, the virtual day; an erasure that found nothing says so; `lethe result` per
 * platform with a verdict and an exit code scripts can use; `list` in 80 columns with ids shortened;
 * a dry run started says it is one. And the small helpers that say it (durations, wrapping).
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/lethe';
import { renderProgress } from '../../src/cli/render';
import { duration, wrapToWidth } from '../../src/cli/words';
import type { ErasureResult, PlatformResult } from '../../src/domain/result';
import { lethe, progressOf, rowOf } from '../helpers/cli-harness';
import { platformResult } from '../helpers/results';

const ID = `erasure-${'d'.repeat(64)}`;
const started = '2026-12-01T10:00:00.000Z';

const platform = (over: Partial<PlatformResult> = {}): PlatformResult =>
  platformResult({
    erased: { conversation: ['c1', 'c2', 'c3'], consumer: ['u1'] },
    requests: [
      {
        requestId: '127001',
        kind: 'conversation',
        records: 3,
        submittedAt: started,
        verifications: [],
        closedAt: started,
      },
      {
        requestId: '127002',
        kind: 'consumer',
        records: 1,
        submittedAt: started,
        verifications: [],
        closedAt: started,
      },
    ],
    ...over,
  });

function ended(over: Partial<ErasureResult> = {}): ErasureResult {
  return {
    requestId: 'DSR-5',
    subjectRef: 'e'.repeat(64),
    outcome: 'completed',
    reasons: [],
    receivedAt: started,
    finishedAt: '2026-12-04T12:30:00.000Z',
    timeline: [{ phase: 'completed', at: '2026-12-04T12:30:00.000Z' }],
    platforms: { liveperson: platform() },
    identifiers: [{ kind: 'email', value: 'ada@example.com', provenance: 'request' }],
    deadline: { deadline: '2026-12-31T00:00:00.000Z', meetsDeadline: true },
    stoppedAtHardStop: false,
    holds: [],
    downstream: [],
    ...over,
  };
}

describe('status for people', () => {
  it('shows how long the erasure has run, and on a compressed clock which day it is in', () => {
    const p = progressOf({
      phase: 'awaiting_platform',
      outcome: undefined,
      timeline: [
        { phase: 'resolving', at: started },
        { phase: 'awaiting_platform', at: '2026-12-01T10:00:05.000Z' },
      ],
    });
    const standard = renderProgress(ID, p, 'RUNNING', {
      now: new Date('2026-12-03T12:05:00Z'),
      dayMs: 86_400_000,
    });
    expect(standard).toContain('elapsed   2d 2h');
    const compressed = renderProgress(ID, p, 'RUNNING', {
      now: new Date('2026-12-01T10:00:07.500Z'),
      dayMs: 1000,
    });
    expect(compressed).toContain('elapsed   7s  (day 8 on a compressed clock: a day lasts 1s)');
  });

  it('an ended erasure shows how long it took, not how long ago it started', () => {
    const p = progressOf({
      timeline: [
        { phase: 'resolving', at: started },
        { phase: 'completed', at: '2026-12-01T10:04:09.000Z' },
      ],
    });
    expect(
      renderProgress(ID, p, 'COMPLETED', { now: new Date('2027-01-01T00:00:00Z'), dayMs: 86_400_000 }),
    ).toContain('elapsed   4m 09s');
  });

  it('says plainly when an erasure found nothing, in status and at the end of watch', async () => {
    const nothing = progressOf({
      platforms: {
        liveperson: {
          discovered: 0,
          active: 0,
          held: 0,
          queued: 0,
          submitted: 0,
          confirmed: 0,
          remaining: 0,
          failed: 0,
        },
      },
    });
    const status = await lethe(['status', ID], { answers: { progress: nothing, execution: 'COMPLETED' } });
    expect(status.out).toContain(
      'found        nothing of this subject on any platform in scope: nothing to erase',
    );
    const watch = await lethe(['watch', ID], { answers: { progress: nothing, execution: 'COMPLETED' } });
    expect(watch.code).toBe(EXIT.ok);
    expect(watch.out.at(-1)).toBe(
      'ended: completed; nothing of this subject was found on any platform in scope',
    );
    // Something found: not said.
    const found = await lethe(['status', ID], {
      answers: { progress: progressOf({}), execution: 'COMPLETED' },
    });
    expect(found.out.join('\n')).not.toContain('nothing of this subject');
  });

  it('fits 80 columns with every platform and large counts', async () => {
    const counts = {
      discovered: 123456,
      active: 12,
      held: 3,
      queued: 1000,
      submitted: 99999,
      confirmed: 23456,
      remaining: 100000,
      failed: 7,
    };
    const p = progressOf({
      phase: 'awaiting_platform',
      outcome: undefined,
      platforms: { liveperson: counts, genesys: counts, chatbot: counts },
      needsAttention: {
        platform: 'genesys',
        type: 'AuthFailedError',
        since: started,
        message: 'the platform refused the credentials: check the client id and secret in the deployment',
      },
      nextCheckAt: '2026-12-08T10:00:00.000Z',
    });
    const run = await lethe(['status', ID], { answers: { progress: p } });
    for (const line of run.out) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});

describe('lethe result', () => {
  it('prints the outcome, the deadline verdict and per platform what was requested and erased; exit 0', async () => {
    const run = await lethe(['result', ID], { answers: { execution: 'COMPLETED', result: ended() } });
    expect(run.code).toBe(EXIT.ok);
    expect(run.out.slice(0, 5)).toEqual([
      ID,
      'request   DSR-5',
      'outcome   completed: everything found was verified gone',
      'deadline  2026-12-31T00:00:00Z  met',
      'finished  2026-12-04T12:30:00Z  (3d 2h after receipt)',
    ]);
    expect(run.out.join('\n')).toContain(
      'liveperson  everything found verified gone\n  requests    2 (1 conversation, 1 consumer)\n  erased      3 conversations, 1 consumer',
    );
    for (const line of run.out) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('an incomplete one says what is still there, what the platform holds and why; exit 1', async () => {
    const result = ended({
      outcome: 'incomplete',
      deadline: { deadline: '2026-12-31T00:00:00.000Z', meetsDeadline: false },
      reasons: [{ scope: 'genesys', reason: 'still_present', records: 2 }],
      platforms: {
        liveperson: platform(),
        genesys: platform({
          verdict: 'incomplete',
          erased: {},
          stillPresent: [
            { kind: 'conversation', id: 'g1' },
            { kind: 'conversation', id: 'g2' },
          ],
          held: [
            {
              kind: 'recording',
              id: 'r1',
              reason: 'the organisation keeps recordings for 7 years',
              since: started,
            },
          ],
          retained: [{ data: 'telephony call records', reason: 'kept by law for billing' }],
        }),
      },
    });
    const run = await lethe(['result', ID], { answers: { execution: 'COMPLETED', result } });
    expect(run.code).toBe(EXIT.invalid);
    const text = run.out.join('\n');
    expect(text).toContain('outcome   INCOMPLETE: not everything found was verified gone');
    // An erasure that did not complete met no deadline, whatever its estimate said.
    expect(text).toContain('deadline  2026-12-31T00:00:00Z  not met');
    expect(text).toContain('genesys  INCOMPLETE');
    expect(text).toContain('  erased      nothing\n  STILL THERE 2 conversations');
    expect(text).toContain('  HELD        recording by the platform, not erased: the organisation keeps');
    expect(text).toContain('  kept        telephony call records: kept by law for billing');
    expect(run.out.at(-1)).toBe('because   genesys: 2 records still present when the erasure ended');
  });

  it('--json has the result with record ids, and identifiers by kind without their values', async () => {
    const run = await lethe(['result', ID, '--json'], {
      answers: { execution: 'COMPLETED', result: ended() },
    });
    const shown = JSON.parse(run.out.join('\n')) as ErasureResult & { workflowId: string };
    expect(shown.workflowId).toBe(ID);
    expect(shown.platforms.liveperson?.erased.conversation).toEqual(['c1', 'c2', 'c3']);
    expect(shown.identifiers).toEqual([{ kind: 'email', provenance: 'request' }]);
    expect(run.out.join('\n')).not.toContain('ada@example.com');
  });

  it('has no result while running or after a workflow failed (exit 3)', async () => {
    const running = await lethe(['result', ID], { answers: { execution: 'RUNNING' } });
    expect(running.code).toBe(EXIT.notFound);
    expect(running.err.join('\n')).toContain('a result exists once it has ended; follow it with lethe watch');
    const failed = await lethe(['result', ID], { answers: { execution: 'FAILED' } });
    expect(failed.err.join('\n')).toContain('ended without a result (its workflow failed)');
  });
});

describe('list and erase for people', () => {
  it('list fits 80 columns with ids shortened, and --wide shows them whole with the platforms', async () => {
    const rows = [
      rowOf(`erasure-${'1'.repeat(64)}`, 'RUNNING', 'awaiting_confirmation'),
      rowOf(ID, 'COMPLETED', 'cancelled'),
    ];
    const run = await lethe(['list', '--all'], { answers: { rows } });
    for (const line of run.out) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(run.out[1]?.startsWith('erasure-11111111…  awaiting_confirmation')).toBe(true);
    expect(run.out.at(-1)).toBe('(ids shortened: --wide or --json shows them whole)');
    const wide = await lethe(['list', '--all', '--wide'], { answers: { rows } });
    expect(wide.out[0]).toMatch(/platforms$/);
    expect(wide.out.some((l) => l.startsWith(ID))).toBe(true);
  });

  it('erase --dry-run says it is a dry run and where its plan will be', async () => {
    const request = {
      requestId: 'DSR-9',
      subjectKey: 'customer-9',
      identifiers: [{ kind: 'email', value: 'ada@example.com' }],
      requestedBy: 'privacy-desk',
    };
    const run = await lethe(['erase', '--file', '-', '--dry-run'], { stdin: JSON.stringify(request) });
    expect(run.code).toBe(EXIT.ok);
    expect(run.out[0]).toBe('started a dry run: nothing will be sent or deleted');
    expect(run.out[1]).toMatch(/^ {2}erasure-[0-9a-f]{64}$/);
    expect(run.out[2]).toBe(`  its plan, once it ends: lethe plan ${run.out[1]?.trim()}`);
  });
});

describe('saying it in 80 columns', () => {
  it('durations in their two largest units', () => {
    expect([250, 12_000, 249_000, 7_500_000, 266_400_000].map(duration)).toEqual([
      '250ms',
      '12s',
      '4m 09s',
      '2h 05m',
      '3d 2h',
    ]);
  });

  it('wraps long lines at spaces under their value, and leaves a word longer than the width whole', () => {
    expect(wrapToWidth(['because   genesys: one two three four', 'short'], 24)).toEqual([
      'because   genesys: one',
      '          two three four',
      'short',
    ]);
    const id = `x${'y'.repeat(30)}`;
    expect(wrapToWidth([id], 20)).toEqual([id]);
  });
});

describe('evidence never stronger than the outcome', () => {
  it('only a completed erasure may say it found nothing, or that it met its deadline', async () => {
    const empty = {
      discovered: 0,
      active: 0,
      held: 0,
      queued: 0,
      submitted: 0,
      confirmed: 0,
      remaining: 0,
      failed: 0,
    };
    const cancelled = progressOf({
      phase: 'cancelled',
      outcome: 'cancelled',
      platforms: { liveperson: empty },
    });
    const status = await lethe(['status', ID], { answers: { progress: cancelled, execution: 'COMPLETED' } });
    expect(status.out.join('\n')).not.toContain('nothing of this subject');
    const estimate = {
      deadline: '2026-12-31T00:00:00.000Z',
      expectedCompletion: '2026-12-20T00:00:00.000Z',
      meetsDeadline: true,
    };
    const run = await lethe(['result', ID], {
      answers: { execution: 'COMPLETED', result: ended({ outcome: 'cancelled', deadline: estimate }) },
    });
    expect(run.out).toContain('deadline  2026-12-31T00:00:00Z  not met');
  });
});
