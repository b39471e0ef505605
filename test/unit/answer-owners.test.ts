/**
 * answerOwners (src/activities/answer-owners.ts), with a recording client in place of Temporal's: every
 * owner told its own message, an owner whose erasure ended skipped, a retry resuming after the owners
 * its last attempt told, and any other failure left for Temporal to retry.
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { answerOwners } from '../../src/activities/answer-owners';
import type { GovernorReceipt, OwnerAnswers } from '../../src/workflows/definitions';

interface Told {
  readonly subject: string;
  readonly signal: string;
  readonly message: unknown;
}

/** A client whose signals are recorded; `ended` subjects answer as a closed workflow, `failing` fail. */
function recordingClient(ended: readonly string[] = [], failing: readonly string[] = []) {
  const told: Told[] = [];
  const client = {
    // The SDK ties the activity's client calls to its cancellation through this.
    withAbortSignal: <R>(_signal: AbortSignal, fn: () => Promise<R>) => fn(),
    workflow: {
      getHandle: (subject: string) => ({
        async signal(def: { name: string }, message: unknown) {
          if (ended.includes(subject)) throw new WorkflowNotFoundError('ended', subject, undefined);
          if (failing.includes(subject)) throw new Error('server unavailable');
          told.push({ subject, signal: def.name, message });
        },
      }),
    },
  } as unknown as Client;
  return { client, told };
}

const receipt = (n: number): GovernorReceipt => ({
  platform: 'liveperson',
  requestId: '7001',
  kind: 'conversation',
  ids: [`c${n}`],
  shared: true,
});

const receipts = (count: number): OwnerAnswers => ({
  signal: 'receipt',
  answers: Array.from({ length: count }, (_, n) => ({ subject: `erasure-${n}`, message: receipt(n) })),
});

describe('answerOwners', () => {
  it('tells every owner its own message, and counts the owners whose erasure has ended', async () => {
    const { client, told } = recordingClient(['erasure-3']);
    const env = new MockActivityEnvironment({}, { client });
    const result = await env.run(answerOwners, receipts(25));
    expect(result).toEqual({ told: 24, ended: 1 });
    expect(told.map((t) => t.subject)).toEqual(
      Array.from({ length: 25 }, (_, n) => `erasure-${n}`).filter((s) => s !== 'erasure-3'),
    );
    expect(told.every((t) => t.signal === 'receipt')).toBe(true);
    expect(told.find((t) => t.subject === 'erasure-7')?.message).toEqual(receipt(7));
  });

  it('sends a rejection as a rejection', async () => {
    const { client, told } = recordingClient();
    const env = new MockActivityEnvironment({}, { client });
    const message = {
      platform: 'liveperson' as const,
      kind: 'consumer' as const,
      ids: ['k1'],
      errorType: 'Rejected',
      message: 'no',
    };
    const rejections: OwnerAnswers = { signal: 'rejection', answers: [{ subject: 'erasure-1', message }] };
    await env.run(answerOwners, rejections);
    expect(told).toEqual([{ subject: 'erasure-1', signal: 'rejection', message }]);
  });

  it('resumes after the owners an earlier attempt told (its heartbeat), saying how far it got', async () => {
    const { client, told } = recordingClient();
    const env = new MockActivityEnvironment({ heartbeatDetails: 20, attempt: 2 }, { client });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const result = await env.run(answerOwners, receipts(25));
    expect(told.map((t) => t.subject)).toEqual([
      'erasure-20',
      'erasure-21',
      'erasure-22',
      'erasure-23',
      'erasure-24',
    ]);
    expect(result).toEqual({ told: 5, ended: 0 });
    expect(beats.at(-1)).toBe(25);
  });

  it('starts from the first owner when the saved progress is not a count', async () => {
    const { client, told } = recordingClient();
    const env = new MockActivityEnvironment({ heartbeatDetails: { told: 'x' } }, { client });
    await env.run(answerOwners, receipts(3));
    expect(told).toHaveLength(3);
  });

  it('fails on any other error, having saved how far it got, so Temporal retries from there', async () => {
    const { client } = recordingClient([], ['erasure-12']);
    const env = new MockActivityEnvironment({}, { client });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    await expect(env.run(answerOwners, receipts(25))).rejects.toThrow('server unavailable');
    expect(beats.at(-1)).toBe(10);
  });
});
