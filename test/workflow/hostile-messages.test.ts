/**
 * No message can jam a workflow: with the raw Temporal client (no Lethe client to validate anything),
 * every signal, update and query of the erasure and of the quota governor gets nothing, null, `{}`, the
 * wrong types and unknown fields. Both keep running, answer queries, never fail a workflow task, refuse
 * the updates naming the field (never echoing a value), and the erasure then ends as it would have.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { governorStatusQuery, governorWorkflowId, progressQuery } from '../../src/workflows/definitions';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

const SECRET = 'hostile.secret@example.com';

const WELL_FORMED_CANCEL = [{ by: 'ops', reason: 'x', unknown: SECRET }];

/** Bad inputs for any message: nothing, null, empty, the wrong types, unknown fields, a huge string. */
const HOSTILE: unknown[][] = [
  [],
  [null],
  [{}],
  ['a string'],
  [42],
  [[SECRET]],
  [{ by: 7, reason: null, on: 'yes', identifiers: 'none', subject: 3, kind: 'nope', ids: {} }],
  WELL_FORMED_CANCEL,
  [{ platform: 'nowhere', requestId: SECRET, kind: 'conversation', ids: [SECRET], shared: true }],
  [{ platform: 'liveperson', entries: SECRET }],
  [{ identifiers: [{ kind: 'email', value: SECRET.repeat(200) }], by: 'ops' }],
];

/** Whether any workflow task of the run failed (a jam shows as failed tasks, retried forever). */
async function taskFailures(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
}

describe('hostile messages', () => {
  it('leave the erasure and its governor running, answering, and the erasure ends as it would have', async () => {
    const x = await suite.harness({}, { governed: true });
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'hostile');
    await x.admin.closeConversation(subject.activeConversationId);
    const raw = suite.env.client.workflow;

    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await suite.env.sleep('2h'); // discovered, ids queued at the governor (its flush window is a day)
      const erasure = raw.getHandle(workflowId);
      const governor = raw.getHandle(governorWorkflowId('liveperson', x.sim.context.options.accountId));

      for (const args of HOSTILE) {
        for (const signal of ['cancel', 'receipt', 'rejection', 'released']) {
          // A cancel whose by and reason are right stops the erasure, unknown fields or not: not hostile.
          if (signal === 'cancel' && args === WELL_FORMED_CANCEL) continue;
          await erasure.signal(signal, ...(args as [unknown]));
        }
        for (const signal of ['enqueue', 'withdraw']) await governor.signal(signal, ...(args as [unknown]));
        for (const update of ['legalHold', 'addIdentifiers', 'retry', 'confirmMatches']) {
          const refused = await erasure.executeUpdate(update, { args: args as [unknown] }).then(
            () => undefined,
            (err: unknown) => err as Error,
          );
          expect(refused, `${update} accepted ${JSON.stringify(args).slice(0, 80)}`).toBeInstanceOf(Error);
          const reason = (refused as { cause?: Error }).cause?.message ?? '';
          expect(reason).not.toContain(SECRET);
          expect(reason).not.toMatch(/Cannot read properties|undefined is not/);
        }
        // Both still answer, after every round.
        expect((await erasure.query(progressQuery)).phase).toBeTruthy();
        expect((await governor.query(governorStatusQuery)).monthlyQuota).toBeGreaterThan(0);
      }
      // A refusal names the field: a hold without a reason.
      const noReason = await erasure
        .executeUpdate('legalHold', { args: [{ on: true, by: 'ops' }] })
        .catch((err: unknown) => err as { cause?: Error });
      expect((noReason as { cause?: Error }).cause?.message).toMatch(/reason: is required/);

      expect(await taskFailures(erasure)).toBe(0);
      expect(await taskFailures(governor)).toBe(0);
      return suite.finish(handle);
    });

    // Nothing hostile got through: no cancel, no hold, no stray request; everything erased.
    expect(result.outcome).toBe('completed');
    expect(result.cancellation).toBeUndefined();
    expect(result.holds).toEqual([]);
    expect(result.identifiers.some((i) => i.value.includes('hostile.secret'))).toBe(false);
    const lp = result.platforms.liveperson;
    expect(lp?.requests.every((r) => /^\d+$/.test(r.requestId))).toBe(true);
    expect(lp?.failedBatches).toEqual([]);
    expect(await x.admin.remaining(subject.personalValues)).toEqual([]);
  });
});
