/**
 * `lethe plan` against the stand-in client (no Temporal): a dry run's plan in words that fit a
 * terminal, its derived matches with the chain that reached them (never a value), a failed platform
 * said plainly; no plan for an erasure still running or one that was not a dry run (exit 3).
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/lethe';
import type { ErasureResult } from '../../src/domain/result';
import { lethe } from '../helpers/cli-harness';
import { platformResult } from '../helpers/results';

const ID = `erasure-${'b'.repeat(64)}`;

/** A dry run's result: LivePerson planned with 120 conversations and an open one; Genesys failed. */
function planned(over: Partial<ErasureResult> = {}): ErasureResult {
  const conversations = Array.from({ length: 120 }, (_, i) => `conv-${i}`);
  return {
    requestId: 'DSR-7',
    subjectRef: 'c'.repeat(64),
    outcome: 'planned',
    reasons: [],
    receivedAt: '2026-12-01T00:00:00.000Z',
    finishedAt: '2026-12-01T00:00:05.000Z',
    timeline: [{ phase: 'planned', at: '2026-12-01T00:00:05.000Z' }],
    platforms: {},
    identifiers: [
      { kind: 'email', value: 'ada@example.com', provenance: 'request' },
      { kind: 'livepersonConsumerId', value: 'consumer-ada', provenance: 'liveperson:email' },
      { kind: 'email', value: 'son@example.com', provenance: 'liveperson:livepersonConsumerId' },
    ],
    deadline: {
      deadline: '2026-12-31T00:00:00.000Z',
      expectedCompletion: '2026-12-29T00:00:00.000Z',
      meetsDeadline: true,
    },
    stoppedAtHardStop: false,
    holds: [],
    downstream: [],
    plan: {
      platforms: {
        liveperson: {
          requests: [
            { kind: 'conversation', ids: conversations.slice(0, 100) },
            { kind: 'conversation', ids: conversations.slice(100) },
            { kind: 'consumer', ids: ['consumer-ada'] },
          ],
          waitingForClose: [{ kind: 'conversation', id: 'conv-open' }],
          held: [],
          monthlyRequestQuota: 10,
          verifyAt: ['2026-12-08T00:00:00.000Z', '2026-12-15T00:00:00.000Z', '2026-12-29T00:00:00.000Z'],
        },
        genesys: { requests: [], waitingForClose: [], held: [], verifyAt: [] },
      },
    },
    derivedMatches: [
      {
        ref: 'm1',
        platform: 'liveperson',
        chain: 'email (request) → livepersonConsumerId (liveperson, own)',
        reach: 'auto',
        records: { conversation: 120, consumer: 1 },
      },
      {
        ref: 'm2',
        platform: 'liveperson',
        chain:
          'email (request) → livepersonConsumerId (liveperson, own) → email (liveperson, free-text) → livepersonConsumerId (liveperson, own)',
        reach: 'confirm',
        records: { conversation: 1, consumer: 1 },
      },
    ],
    ...over,
  };
}

const failedGenesys = planned({
  platforms: {
    genesys: platformResult({
      verdict: 'incomplete',
      failure: {
        at: '2026-12-01T00:00:03.000Z',
        type: 'AuthFailedError',
        message: 'credentials refused',
        step: 'resolving',
      },
    }),
  },
  reasons: [{ scope: 'genesys', reason: 'failed', step: 'resolving', type: 'AuthFailedError' }],
});

describe('lethe plan', () => {
  it("prints a dry run's plan: requests per kind, what waits, the quota, the checks, and the derived matches", async () => {
    const run = await lethe(['plan', ID], { answers: { execution: 'COMPLETED', result: planned() } });
    expect(run.code).toBe(EXIT.ok);
    expect(run.out.slice(0, 4)).toEqual([
      ID,
      'request   DSR-7',
      'DRY RUN: nothing was sent, nothing was deleted',
      'deadline  2026-12-31T00:00:00Z  a real run: meets it',
    ]);
    const text = run.out.join('\n');
    expect(text).toContain(
      'liveperson\n  would hold  2 records for an operator (derived matches below)\n  would send  120 conversations in 2 requests, 1 consumer in 1 request\n  then waits  for 1 open record to close\n  quota       10 deletion requests a month for the account\n  checks      from 2026-12-08T00:00:00Z, 2 more to 2026-12-29T00:00:00Z',
    );
    expect(text).toContain('genesys\n  nothing found: nothing to delete');
    expect(text).toContain('identifiers  3 (request 1, liveperson 2)');
    expect(text).toContain(
      'm1    liveperson: 120 conversation, 1 consumer: erased with the rest (policy)\n        via email (request) → livepersonConsumerId (liveperson, own)',
    );
    expect(text).toContain(
      'm2    liveperson: 1 conversation, 1 consumer: WOULD WAIT for confirmation\n        via email (request)\n          → livepersonConsumerId (liveperson, own)\n          → email (liveperson, free-text)',
    );
    expect(text).toContain('a real run erases the rest and waits for: lethe confirm');
    // Ids and identifier values are for --json only.
    for (const value of ['ada@example.com', 'son@example.com', 'consumer-ada', 'conv-1']) {
      expect(text).not.toContain(value);
    }
  });

  it('says plainly that a platform failed while planning, and why the plan is short', async () => {
    const run = await lethe(['plan', ID], { answers: { execution: 'COMPLETED', result: failedGenesys } });
    const text = run.out.join('\n');
    expect(text).toContain(
      'genesys\n  FAILED      while resolving: AuthFailedError: credentials refused\n  nothing found before it failed',
    );
    expect(run.out.at(-1)).toBe('because      genesys: failed while resolving (AuthFailedError)');
  });

  it('--json gives the plan with ids in full, and never the identifiers', async () => {
    const run = await lethe(['plan', ID, '--json'], {
      answers: { execution: 'COMPLETED', result: planned() },
    });
    const shown = JSON.parse(run.out.join('\n')) as {
      plan: ErasureResult['plan'];
      derivedMatches: unknown[];
    };
    expect(shown.plan?.platforms.liveperson?.requests[1]?.ids).toEqual(
      Array.from({ length: 20 }, (_, i) => `conv-${100 + i}`),
    );
    expect(shown.derivedMatches).toHaveLength(2);
    expect(run.out.join('\n')).not.toContain('ada@example.com');
  });

  it('has no plan for an erasure still running, one that failed, or one that was not a dry run (exit 3)', async () => {
    const running = await lethe(['plan', ID], { answers: { execution: 'RUNNING' } });
    expect(running.code).toBe(EXIT.notFound);
    expect(running.err.join('\n')).toContain('is still running (completed): a plan exists once it has ended');
    const failed = await lethe(['plan', ID], { answers: { execution: 'TERMINATED' } });
    expect(failed.code).toBe(EXIT.notFound);
    expect(failed.err.join('\n')).toContain('ended without a plan (its workflow terminated)');
    const real = await lethe(['plan', ID], {
      answers: { execution: 'COMPLETED', result: planned({ outcome: 'completed' }) },
    });
    expect(real.code).toBe(EXIT.notFound);
    expect(real.err.join('\n')).toContain(
      'was not a dry run (it ended completed): lethe result shows what it did',
    );
  });

  it('fits 80 columns, derived matches included', async () => {
    const run = await lethe(['plan', ID], { answers: { execution: 'COMPLETED', result: planned() } });
    for (const line of run.out.slice(1)) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});

describe('lethe plan, where only derived matches were found', () => {
  it('never says nothing was found of records it holds for an operator', async () => {
    const held = planned({
      plan: { platforms: { liveperson: { requests: [], waitingForClose: [], held: [], verifyAt: [] } } },
      derivedMatches: [
        {
          ref: 'm1',
          platform: 'liveperson',
          chain: 'phone (request, held for others too)',
          reach: 'confirm',
          records: { conversation: 2, consumer: 1 },
        },
      ],
    });
    const text = (await lethe(['plan', ID], { answers: { execution: 'COMPLETED', result: held } })).out.join(
      '\n',
    );
    expect(text).toContain('liveperson\n  would hold  3 records for an operator (derived matches below)');
    expect(text).not.toContain('nothing found');
  });
});
