import { describe, expect, it } from 'vitest';
import { upstreamReportOf, worthReporting } from '../../src/domain/upstream-report';
import { ketchEventOf } from '../../src/intake/ketch/adapter';
import { transcendStatusOf } from '../../src/intake/transcend/status';
import { counts, progressOf } from '../helpers/cli-harness';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('what a privacy tool upstream is told', () => {
  it('says verified, final, with the certificate digest, only once the erasure completed', () => {
    const r = upstreamReportOf(progressOf({}), { file: '{}\n', digest: DIGEST });
    expect(r).toMatchObject({ stage: 'verified', final: true, certificateDigest: DIGEST });
    expect(r.message).toBe('erased: 3 records verified gone on every platform');
  });

  it('says platforms_confirmed before verification, and never verified then', () => {
    const confirmedOnly = progressOf({
      phase: 'awaiting_platform',
      outcome: undefined,
      platformsConfirmed: true,
      platforms: { liveperson: counts({ submitted: 2, confirmed: 1, remaining: 2, discovered: 3 }) },
    });
    const r = upstreamReportOf(confirmedOnly);
    expect(r).toMatchObject({ stage: 'platforms_confirmed', final: false });
    expect(r.message).toContain('1 record of 3 verified gone so far');
    expect(r.certificateDigest).toBeUndefined();
  });

  it('says why it waits: open conversations, a legal hold, a quota; counts only', () => {
    const open = progressOf({
      phase: 'waiting_for_active',
      outcome: undefined,
      platforms: { liveperson: counts({ active: 2, confirmed: 0, remaining: 3 }) },
    });
    expect(upstreamReportOf(open)).toMatchObject({
      stage: 'waiting',
      message: 'waiting: 2 conversations still open',
    });
    const hold = progressOf({
      phase: 'on_hold',
      outcome: undefined,
      holds: [
        {
          by: 'legal',
          reason: 'litigation',
          placedAt: '2026-11-01T00:00:00Z',
          withdrawn: [],
          notWithdrawable: [],
        },
      ],
    });
    expect(upstreamReportOf(hold).message).toBe('waiting: under a legal hold in Lethe');
    expect(upstreamReportOf(hold).message).not.toContain('litigation');
    const quota = progressOf({
      phase: 'submitting',
      outcome: undefined,
      quotaWaits: { liveperson: '2026-12-01T00:00:00.000Z' },
      platforms: { liveperson: counts({ confirmed: 0, remaining: 3 }) },
    });
    expect(upstreamReportOf(quota).message).toContain("liveperson's monthly quota (resets 2026-12-01");
  });

  it('ends incomplete, cancelled or failed plainly, never as erased', () => {
    const incomplete = progressOf({
      phase: 'incomplete',
      outcome: 'incomplete',
      reasons: [{ scope: 'genesys', reason: 'still_present', records: 1 }],
      platforms: { genesys: counts({ confirmed: 2, remaining: 1 }) },
    });
    expect(upstreamReportOf(incomplete)).toMatchObject({ stage: 'incomplete', final: true });
    expect(upstreamReportOf(incomplete).message).toContain(
      '1 record not verified gone (genesys: still_present)',
    );
    expect(upstreamReportOf(progressOf({ phase: 'cancelled', outcome: 'cancelled' })).stage).toBe(
      'cancelled',
    );
    expect(upstreamReportOf(progressOf({ phase: 'failed', outcome: undefined })).stage).toBe('failed');
  });

  it('is sent again only for a new stage or a new reason to wait', () => {
    const a = {
      stage: 'in_progress' as const,
      message: 'erasing: 1 record of 3 verified gone',
      final: false,
    };
    const b = { ...a, message: 'erasing: 2 records of 3 verified gone' };
    expect(worthReporting(undefined, a)).toBe(true);
    expect(worthReporting(a, b)).toBe(false);
    expect(worthReporting(a, { ...a, stage: 'platforms_confirmed' })).toBe(true);
    const w = { stage: 'waiting' as const, message: 'waiting: 2 conversations still open', final: false };
    expect(worthReporting(w, { ...w, message: 'waiting: 1 conversation still open' })).toBe(true);
  });
});

describe("Transcend's statuses", () => {
  it('are WAITING with a message until verified, RESOLVED then, ACTION_REQUIRED when it ended otherwise', () => {
    expect(
      transcendStatusOf({ stage: 'platforms_confirmed', message: 'every platform confirmed', final: false }),
    ).toEqual({
      status: 'WAITING',
      message: 'Lethe: every platform confirmed.',
    });
    expect(
      transcendStatusOf({ stage: 'verified', message: 'erased', final: true, certificateDigest: DIGEST }),
    ).toEqual({
      status: 'RESOLVED',
      message: `Lethe: erased. Certificate ${DIGEST}.`,
    });
    expect(transcendStatusOf({ stage: 'incomplete', message: 'ended incomplete', final: true }).status).toBe(
      'ACTION_REQUIRED',
    );
  });
});

describe("Ketch's status events", () => {
  it('are in_progress with the stage in context, completed/executed with the certificate once verified, cancelled otherwise', () => {
    expect(ketchEventOf({ stage: 'platforms_confirmed', message: 'confirmed', final: false })).toEqual({
      status: 'in_progress',
      context: { lethe_stage: 'platforms_confirmed', lethe_message: 'confirmed' },
    });
    const done = ketchEventOf({
      stage: 'verified',
      message: 'erased',
      final: true,
      certificateDigest: DIGEST,
      certificate: '{"certificate":{}}\n',
    });
    expect(done).toMatchObject({
      status: 'completed',
      reason: 'executed',
      context: { lethe_certificate_digest: DIGEST },
    });
    const doc = (done.documents as Array<{ data: string; headers: Record<string, string> }>)[0];
    expect(Buffer.from(doc?.data ?? '', 'base64').toString()).toBe('{"certificate":{}}\n');
    expect(doc?.headers).toEqual({ 'Content-Type': 'application/json' });
    for (const stage of ['incomplete', 'cancelled', 'failed'] as const)
      expect(ketchEventOf({ stage, message: 'ended', final: true }).status).toBe('cancelled');
  });
});
