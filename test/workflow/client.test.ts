/**
 * The typed client: bad requests are refused before anything starts, naming the field and never the
 * value; a second request for the same subject joins the running erasure; the workflow id carries an
 * HMAC of the subject key, not the key; the workflow re-validates its own input.
 */
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/client';
import type { ErasureRequest } from '../../src/domain/request';
import { standardTiming } from '../../src/domain/timing';
import { type ErasureHarness, startErasureHarness } from '../helpers/erasure-harness';
import { timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let x: ErasureHarness;

beforeAll(async () => {
  env = await timeSkippingEnv();
  x = await startErasureHarness(env, { timing: standardTiming, clock: 'follow' });
});
afterAll(async () => {
  await x?.close();
  await env?.teardown();
});

const valid: ErasureRequest = {
  requestId: 'ticket-1',
  subjectKey: 'customer-42',
  identifiers: [{ kind: 'email', value: 'Someone@Example.com' }],
  requestedBy: 'privacy-desk',
};

/** Starting `request` fails with InvalidRequestError naming `field`, and no workflow exists afterwards. */
async function expectRejected(request: unknown, field: string, secretValue?: string): Promise<void> {
  const err = await x.client.start(request as ErasureRequest).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidRequestError);
  const issues = (err as InvalidRequestError).issues;
  expect(issues.map((i) => i.field)).toContain(field);
  expect((err as Error).message).toContain(field);
  if (secretValue) expect((err as Error).message).not.toContain(secretValue);
  const subjectKey = (request as { subjectKey?: string }).subjectKey;
  if (subjectKey) {
    const described = await x.client.temporal.workflow
      .getHandle(x.client.workflowIdFor(subjectKey))
      .describe()
      .catch((e: unknown) => e);
    expect(described).toBeInstanceOf(WorkflowNotFoundError);
  }
}

describe('client input validation', () => {
  it('rejects a request without a subject key', async () => {
    const { subjectKey: _, ...rest } = valid;
    await expectRejected(rest, 'subjectKey');
  });

  it('rejects a malformed email, naming the identifier, without echoing it', async () => {
    await expectRejected(
      {
        ...valid,
        subjectKey: 'customer-bad-email',
        identifiers: [{ kind: 'email', value: 'not-an-email@' }],
      },
      'identifiers.0.value',
      'not-an-email@',
    );
  });

  it('rejects an unknown platform', async () => {
    await expectRejected(
      { ...valid, subjectKey: 'customer-bad-platform', systems: ['intercom'] },
      'systems.0',
    );
  });

  it('rejects an unknown identifier kind and an empty identifier list', async () => {
    await expectRejected(
      { ...valid, subjectKey: 'customer-bad-kind', identifiers: [{ kind: 'ssn', value: '1' }] },
      'identifiers.0.kind',
    );
    await expectRejected({ ...valid, subjectKey: 'customer-no-ids', identifiers: [] }, 'identifiers');
  });
});

describe('one erasure per subject', () => {
  it('derives the workflow id from an HMAC of the subject key', () => {
    const id = x.client.workflowIdFor('customer-42');
    expect(id).toMatch(/^erasure-[0-9a-f]{64}$/);
    expect(id).not.toContain('customer-42');
    expect(x.client.workflowIdFor(' customer-42 ')).toBe(id);
  });

  it('joins the running erasure when the same subject is requested again', async () => {
    await x.run(async () => {
      const first = await x.client.start({ ...valid, subjectKey: 'customer-join' });
      const second = await x.client.start({ ...valid, subjectKey: 'customer-join', requestId: 'ticket-2' });
      expect(first.joined).toBe(false);
      expect(second.joined).toBe(true);
      expect(second.workflowId).toBe(first.workflowId);
      expect((await second.handle.describe()).runId).toBe((await first.handle.describe()).runId);
      await x.client.cancel(first.workflowId, { by: 'test', reason: 'clean up' });
      expect((await first.handle.result()).outcome).toBe('cancelled');
    });
  });

  it('merges a joining request: its new identifiers are searched and its request id is linked', async () => {
    const result = await x.run(async () => {
      const first = await x.client.start({ ...valid, subjectKey: 'customer-merge' });
      const second = await x.client.start({
        ...valid,
        subjectKey: 'customer-merge',
        requestId: 'ticket-merge-2',
        requestedBy: 'second-desk',
        identifiers: [
          { kind: 'email', value: 'someone@example.com' }, // already known (normalised)
          { kind: 'email', value: 'another.address@example.com' },
        ],
      });
      expect(second).toMatchObject({ joined: true, added: 1 });
      const progress = await first.handle.query('progress');
      expect(progress).toMatchObject({ identifiers: { request: 2 } });
      await x.client.cancel(first.workflowId, { by: 'test', reason: 'clean up' });
      return first.handle.result();
    });
    expect(result.identifiers.map((i) => i.value).sort()).toEqual([
      'another.address@example.com',
      'someone@example.com',
    ]);
    expect(result.linkedRequests).toEqual([
      expect.objectContaining({ requestId: 'ticket-merge-2', by: 'second-desk', identifiersAdded: 1 }),
    ]);
    expect(result.certificate?.certificate.linkedRequests?.map((l) => l.requestId)).toEqual([
      'ticket-merge-2',
    ]);
  });

  it('says a cancelled erasure was cancelled when it refuses a request to it', async () => {
    const refusal = await x.run(async () => {
      const { workflowId, handle } = await x.client.start({ ...valid, subjectKey: 'customer-refused' });
      await x.client.cancel(workflowId, { by: 'test', reason: 'wrong subject' });
      await handle.result();
      return x.client.placeHold(workflowId, { by: 'legal', reason: 'inquiry' }).catch((e: unknown) => e);
    });
    expect((refusal as Error).message).toMatch(/has ended \(cancelled\)/);
  });
});

describe('workflow input validation', () => {
  it('fails an erasure started around the client with invalid input, as InvalidRequest', async () => {
    await x.run(async () => {
      const { input } = x.client.prepare(valid);
      const handle = await x.client.temporal.workflow.start('erasure', {
        taskQueue: x.taskQueue,
        workflowId: 'erasure-invalid-input',
        args: [{ ...input, subjectRef: 'not-a-hash' }],
      });
      const err = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const cause = (err as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('InvalidRequest');
      expect((cause as ApplicationFailure).message).toContain('subjectRef');
    });
  });
});
