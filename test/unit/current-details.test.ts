/**
 * The erasure's current details in the Web UI (src/domain/current-details.ts): the phase in words, the
 * derived matches waiting with the command that decides them, the decided ones with who decided, and
 * never a personal value.
 */
import { describe, expect, it } from 'vitest';
import { erasureCurrentDetails } from '../../src/domain/current-details';
import { progressOf } from '../helpers/cli-harness';

const ID = `erasure-${'b'.repeat(64)}`;
const chain = 'phone (request, held for others too) → livepersonConsumerId (liveperson, shared)';

describe('current details', () => {
  it('says the phase in words and nothing more when no derived match exists', () => {
    expect(erasureCurrentDetails(progressOf({ phase: 'awaiting_platform' }), ID)).toBe(
      '**Phase:** awaiting platform',
    );
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
    expect(details.split('\n')).toEqual([
      '**Phase:** awaiting confirmation',
      '',
      '**Waiting for an operator**: records reached only through identifiers the requester never gave.',
      `- m2 · liveperson · 1 conversation · via ${chain}`,
      '',
      `Decide with \`lethe confirm ${ID} --by <you> [--exclude m2]\``,
      '',
      '**Derived matches**',
      '- m1 · liveperson · 3 conversation · via email (request): erased with the rest (policy)',
      `- m3 · genesys · 2 conversation · via ${chain}: excluded, not erased by dpo`,
    ]);
  });
});
