/**
 * The erasure's current details in the Web UI (src/domain/current-details.ts): the phase in words, the
 * derived matches waiting with the command that decides them, the decided ones with who decided, and
 * never a personal value.
 */
import { describe, expect, it } from 'vitest';
import { erasureCurrentDetails } from '../../src/domain/current-details';
import {
  erasureStaticDetails,
  erasureStaticSummary,
  governorCurrentDetails,
  governorStaticDetails,
  governorStaticSummary,
} from '../../src/domain/static-details';
import { progressOf } from '../helpers/cli-harness';

const ID = `erasure-${'b'.repeat(64)}`;
const chain = 'phone (request, held for others too) → livepersonConsumerId (liveperson, shared)';

describe('current details', () => {
  it('says the phase in words, the counts per platform in words, and the next check', () => {
    const p = progressOf({
      phase: 'awaiting_platform',
      outcome: undefined,
      timeline: [{ phase: 'awaiting_platform', at: '2026-12-06T10:00:05.123Z' }],
      platforms: {
        liveperson: {
          discovered: 7,
          active: 1,
          held: 0,
          queued: 0,
          submitted: 4,
          confirmed: 2,
          remaining: 0,
          failed: 0,
        },
      },
      nextCheckAt: '2026-12-13T10:00:05.000Z',
    });
    expect(erasureCurrentDetails(p, ID).split('\n')).toEqual([
      '**Phase:** awaiting platform since 2026-12-06 10:00:05 UTC',
      '',
      '- liveperson: 7 found · 2 erased · 4 sent, not yet verified · 1 waiting to close',
      '',
      '**Next check:** 2026-12-13 10:00:05 UTC',
    ]);
  });

  it('says what needs an operator: a platform refusing credentials, a spent quota, a cancellation', () => {
    const details = erasureCurrentDetails(
      progressOf({
        phase: 'cancelled',
        outcome: 'cancelled',
        quotaWaits: { liveperson: '2027-01-01T00:00:00.000Z' },
        needsAttention: {
          platform: 'genesys',
          type: 'AuthFailedError',
          message: 'refused',
          since: '2026-12-06T10:00:00.000Z',
        },
        cancellation: {
          by: 'dpo',
          reason: 'duplicate request',
          at: '2026-12-06T11:00:00.000Z',
          via: 'signal',
          submitted: [],
        },
      }),
      ID,
    );
    expect(details).toContain('**Outcome:** cancelled');
    expect(details).toContain(
      "**Quota:** liveperson's monthly deletion quota is spent until 2027-01-01 00:00:00 UTC",
    );
    expect(details).toContain(
      `**Needs attention:** genesys since 2026-12-06 10:00:00 UTC (AuthFailedError); fix it, then \`lethe retry ${ID} --by <you>\``,
    );
    expect(details).toContain('**Cancelled** by dpo: duplicate request');
  });

  it('lists the matches waiting, with the command, and the decided ones with who decided', () => {
    const details = erasureCurrentDetails(
      progressOf({
        phase: 'awaiting_confirmation',
        derivedMatches: [
          {
            ref: 'm1',
            platform: 'liveperson',
            chain: 'email (request)',
            reach: 'auto',
            records: { conversation: 3 },
          },
          { ref: 'm2', platform: 'liveperson', chain, reach: 'confirm', records: { conversation: 1 } },
          {
            ref: 'm3',
            platform: 'genesys',
            chain,
            reach: 'confirm',
            records: { conversation: 2 },
            decision: { confirmed: false, by: 'dpo', at: '2026-12-06T10:00:00.000Z' },
          },
        ],
      }),
      ID,
    );
    expect(details.split('\n').slice(5)).toEqual([
      '**Waiting for an operator**: records reached only through identifiers the requester never gave.',
      '',
      `- m2 · liveperson · 1 conversation · via ${chain}`,
      '',
      `Decide with \`lethe confirm ${ID} --by <you> [--exclude m2]\``,
      '',
      '**Derived matches**',
      '',
      '- m1 · liveperson · 3 conversation · via email (request): erased with the rest (policy)',
      `- m3 · genesys · 2 conversation · via ${chain}: excluded, not erased by dpo`,
    ]);
  });
});

describe('static details and the governor', () => {
  it("an erasure's summary names its request, platforms and due date; its details the CLI, not the UI's buttons", () => {
    expect(
      erasureStaticSummary({
        requestId: 'DSR-1',
        systems: ['liveperson', 'genesys'],
        deadline: '2026-12-31T00:00:00.000Z',
      }),
    ).toBe('Erasure · request DSR-1 · liveperson, genesys · due 2026-12-31');
    expect(
      erasureStaticSummary({
        requestId: 'D',
        systems: ['chatbot'],
        deadline: '2027-01-02T00:00:00.000Z',
        dryRun: true,
      }),
    ).toBe('Erasure dry run · request D · chatbot · due 2027-01-02');
    const details = erasureStaticDetails(ID);
    expect(details).toContain(`\`lethe hold|release ${ID} --by <you> --reason <why>\``);
    expect(details).toContain('Do not use **Request Cancellation**, **Terminate** or **Reset** here');
  });

  it("a governor's summary names its account; its details warn that stopping it stalls every erasure", () => {
    expect(governorStaticSummary('liveperson', '1234')).toBe('Quota governor · liveperson account 1234');
    expect(governorStaticDetails('liveperson')).toContain('**Never cancel, terminate or reset it**');
  });

  it("a governor's current details: the month's quota, the queue by kind, the next look, the last error's type", () => {
    const details = governorCurrentDetails({
      usedThisMonth: 7,
      monthlyQuota: 10,
      queued: [
        { kind: 'conversation', ids: 250 },
        { kind: 'engagement', ids: 0 },
        { kind: 'consumer', ids: 3 },
      ],
      nextSendAt: '2026-12-06T12:00:00.000Z',
      lastErrorType: 'PlatformUnavailableError',
    });
    expect(details.split('\n').slice(0, 4)).toEqual([
      '**Quota this month:** 7 of 10 requests used, 3 left',
      '**Queued:** 250 conversation ids, 3 consumer ids',
      '**Next look at the queue:** 2026-12-06 12:00:00 UTC',
      '**Last error:** PlatformUnavailableError',
    ]);
    const paused = governorCurrentDetails({
      usedThisMonth: 10,
      monthlyQuota: 10,
      queued: [],
      pausedUntil: '2027-01-01T00:00:00.000Z',
    });
    expect(paused).toContain('**Queued:** nothing');
    expect(paused).toContain(
      "**Paused:** the platform said the month's quota is spent; next request after 2027-01-01 00:00:00 UTC",
    );
    expect(paused).toContain('**Never cancel, terminate or reset it**');
  });
});
