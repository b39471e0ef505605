/**
 * What the Temporal Web UI shows an operator comes from user metadata (issue 16): the erasure's static
 * summary and details as started by the client, a summary on every activity and on the timers it waits
 * on, and current details that follow it. Read back from the server (decoded with the deployment's
 * keys, as the UI's codec server does), on the time-skipping server against the LivePerson simulator.
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

/** A payload as the UI's codec server would decode it, then read as text. */
async function text(payload: Payload | null | undefined): Promise<string | undefined> {
  if (!payload) return undefined;
  let decoded = [payload];
  for (const codec of [...(LOCAL_DATA_CONVERTER.payloadCodecs ?? [])].reverse())
    decoded = await codec.decode(decoded);
  return defaultPayloadConverter.fromPayload<string>(decoded[0] as Payload);
}

describe('user metadata for the Web UI', () => {
  it('names the erasure, each activity and each wait in words, and never a personal value', async () => {
    const x = await suite.harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'meta');
    await x.admin.closeConversation(subject.activeConversationId);
    const { handle, workflowId, result } = await x.run(async () => {
      const { handle, workflowId } = await x.client.start(subject.request);
      return { handle, workflowId, result: await suite.finish(handle) };
    });
    expect(result.outcome).toBe('completed');

    const described = await handle.describe();
    expect(await described.staticSummary()).toMatch(
      new RegExp(`^Erasure · request ${subject.request.requestId} · liveperson · due \\d{4}-\\d\\d-\\d\\d$`),
    );
    const details = (await described.staticDetails()) ?? '';
    expect(details).toContain(`\`lethe cancel ${workflowId} --by <you> --reason <why>\``);
    expect(details).toContain('Do not use **Request Cancellation**');

    const events = (await handle.fetchHistory()).events ?? [];
    const summaries = await Promise.all(events.map((e) => text(e.userMetadata?.summary)));
    const activities = summaries.filter((_, i) => events[i]?.activityTaskScheduledEventAttributes);
    const timers = summaries.filter((_, i) => events[i]?.timerStartedEventAttributes);
    expect(activities).toContain("find the subject's identities on LivePerson");
    expect(activities).toContain("find the subject's records on LivePerson");
    expect(
      activities.some((s) => /^send a deletion request to LivePerson: \d+ conversation ids$/.test(s ?? '')),
    ).toBe(true);
    expect(activities).toContain('sign the certificate');
    // Every activity is named; the waits between checks say which request they re-verify, and when.
    expect(activities.every((s) => s !== undefined)).toBe(true);
    expect(timers.some((s) => /^re-verify LivePerson request \S+, day \d+$/.test(s ?? ''))).toBe(true);
    const shown = [...summaries, details].join('\n');
    for (const value of [...subject.personalValues, subject.consumerId]) expect(shown).not.toContain(value);
  });
});
