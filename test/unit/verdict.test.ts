/**
 * Honest outcomes (src/domain/verdict.ts, DESIGN §11): a platform is erased only when every record it
 * found is verified gone; records the platform holds are named, never counted erased; a failure, records
 * still present, still active, refused or never verified make it incomplete, and each is a reason. A
 * warehouse table that failed or kept rows is a reason too. No reason carries a platform's message.
 */
import { describe, expect, it } from 'vitest';
import { describeReason, platformReasons, platformVerdict, warehouseReasons } from '../../src/domain/verdict';

const failure = {
  at: '',
  type: 'UnexplainedNotFound',
  message: 'genesys searchSubjects: HTTP 404 …',
  step: 'resolving',
};

describe('platformVerdict', () => {
  it('is erased only when every record found is confirmed', () => {
    expect(platformVerdict({ confirmed: 5 }, undefined)).toBe('erased');
    expect(platformVerdict({}, undefined)).toBe('erased');
  });

  it('names held records apart: erased except what the platform holds', () => {
    expect(platformVerdict({ confirmed: 5, held: 1 }, undefined)).toBe('erased_except_held');
  });

  it.each([
    ['a failure', {}, failure],
    ['a record still present', { confirmed: 1, remaining: 1 }, undefined],
    ['a record never closed', { still_active: 1 }, undefined],
    ['a refused batch', { failed: 2 }, undefined],
    ['a record sent, never verified', { submitted: 1 }, undefined],
    ['a record waiting to be sent', { ready: 1 }, undefined],
    ['a record queued at the governor', { queued: 1 }, undefined],
    ['a record still open', { active: 1 }, undefined],
  ])('is incomplete with %s', (_what, counts, why) => {
    expect(platformVerdict(counts, why)).toBe('incomplete');
  });
});

describe('platformReasons', () => {
  it('names each cause with its count, and a failure by step and type only', () => {
    expect(
      platformReasons(
        'genesys',
        { remaining: 2, still_active: 1, failed: 3, submitted: 1, ready: 1, held: 4 },
        failure,
      ),
    ).toEqual([
      { scope: 'genesys', reason: 'failed', step: 'resolving', type: 'UnexplainedNotFound' },
      { scope: 'genesys', reason: 'still_present', records: 2 },
      { scope: 'genesys', reason: 'still_active', records: 1 },
      { scope: 'genesys', reason: 'refused', records: 3 },
      { scope: 'genesys', reason: 'unverified', records: 2 },
    ]);
  });
});

describe('warehouseReasons', () => {
  const table = (over: Record<string, unknown>) => ({
    target: 'dw',
    table: 'support.chats',
    action: 'delete',
    rows: 3,
    remaining: 0,
    at: '',
    ...over,
  });

  it('names a table that failed or kept matching rows, in any pass', () => {
    expect(
      warehouseReasons([
        { pass: 'after_platforms', at: '', tables: [table({}), table({ table: 'crm.x', error: 'boom' })] },
        { pass: 'late_copies', at: '', tables: [table({ remaining: 2 })] },
      ] as never),
    ).toEqual([
      { scope: 'warehouse', reason: 'warehouse', table: 'dw:crm.x', type: 'failed' },
      { scope: 'warehouse', reason: 'warehouse', table: 'dw:support.chats', records: 2 },
    ]);
  });

  it('names a table whose freed space was not reclaimed: the values may still be in its files', () => {
    const reclaim = (ok: boolean) => ({
      step: 'VACUUM FULL',
      ok,
      freedSpace: '',
      retainedUntilRotation: [],
      at: '',
    });
    expect(
      warehouseReasons([
        {
          pass: 'after_platforms',
          at: '',
          tables: [table({ reclaim: reclaim(true) }), table({ table: 'crm.x', reclaim: reclaim(false) })],
        },
      ] as never),
    ).toEqual([{ scope: 'warehouse', reason: 'warehouse', table: 'dw:crm.x', type: 'reclaim_failed' }]);
    expect(
      describeReason({ scope: 'warehouse', reason: 'warehouse', table: 'dw:crm.x', type: 'reclaim_failed' }),
    ).toMatch(/rows deleted, but the files were not rewritten/);
  });
});

describe('describeReason', () => {
  it('says each reason in words', () => {
    expect(
      describeReason({ scope: 'genesys', reason: 'failed', step: 'resolving', type: 'UnexplainedNotFound' }),
    ).toBe('genesys: failed while resolving (UnexplainedNotFound)');
    expect(describeReason({ scope: 'liveperson', reason: 'still_present', records: 1 })).toBe(
      'liveperson: 1 record still present when the erasure ended',
    );
    expect(describeReason({ scope: 'chatbot', reason: 'unverified', records: 3 })).toBe(
      'chatbot: 3 records not verified gone',
    );
    expect(describeReason({ scope: 'warehouse', reason: 'warehouse', table: 'dw:x', type: 'failed' })).toBe(
      'warehouse: dw:x failed and was rolled back',
    );
  });
});
