/**
 * The erasure across platforms on the time-skipping server with the real 30-day defaults: Genesys Cloud
 * (fragmented identity over three emails, an interaction that ends on day 4, a recording under legal
 * hold until day 12, rate-limited bursts), the chatbot (no status to read: verified by looking; what it
 * keeps by design named), and all three at once with one platform failing for good while the others
 * finish.
 */
import { describe, expect, it } from 'vitest';
import { chatbotRetainedByDesign } from '../../src/connectors/chatbot/retained';
import { recordingRef } from '../../src/connectors/genesys/connector';
import { DAY_MS } from '../../src/domain/timing';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { chatbotSubjectSeed } from '../helpers/chatbot-fixtures';
import { endActive, platformsOf, seedEverywhere } from '../helpers/everywhere';
import { genesysSubjectSeed } from '../helpers/genesys-fixtures';
import { idsOf } from '../helpers/results';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

describe('erasure on Genesys Cloud (30-day defaults, time-skipping)', () => {
  it('erases a fragmented identity, waits for an interaction and a legal hold, and rides out the rate limit', async () => {
    const x = await suite.harness({}, { platforms: ['genesys'] });
    const g = x.genesys;
    if (!g) throw new Error('no Genesys simulator');
    const { seed, subject: s } = genesysSubjectSeed(await g.admin.now(), 'wf');
    await g.admin.seed(seed);
    await g.admin.setRateLimit(20);
    const startedAt = await suite.env.currentTimeMs();

    const result = await x.run(async () => {
      const { handle } = await x.client.start({
        requestId: 'ticket-genesys',
        subjectKey: 'genesys-subject',
        identifiers: [{ kind: 'email', value: s.email }],
        requestedBy: 'privacy-desk',
      });
      await suite.env.sleep('4d');
      await suite.syncClock(x);
      await g.admin.endConversation(s.openConversation);
      await suite.env.sleep('8d');
      await suite.syncClock(x);
      await g.admin.releaseRecording(s.heldRecording.id);
      return suite.finish(handle);
    });

    expect(result.outcome).toBe('completed');
    const r = result.platforms.genesys;
    expect(r?.erased.conversation?.sort()).toEqual([...s.closedConversations, s.openConversation].sort());
    const held = recordingRef(s.heldRecording.conversationId, s.heldRecording.id);
    expect(r?.erased.recording?.sort()).toEqual(
      [recordingRef(s.recording.conversationId, s.recording.id), held].sort(),
    );
    expect(r?.erased.externalContact).toEqual([s.contactId]);
    // Genesys publishes no hold field: the recording was seen still there after its request COMPLETED,
    // reported kept by the platform (re-checked daily, last seen before day 12), and gone once let go.
    expect(r?.held).toEqual([
      expect.objectContaining({
        kind: 'recording',
        id: held,
        reason: expect.stringMatching(/kept by Genesys Cloud after its GDPR request completed/),
      }),
    ]);
    const hold = r?.held[0];
    const since = Date.parse(hold?.since ?? '') - startedAt;
    expect(since).toBeGreaterThanOrEqual(4 * DAY_MS);
    expect(Date.parse(hold?.lastSeen ?? '') - startedAt).toBeLessThan(12 * DAY_MS);
    expect(Date.parse(hold?.lastSeen ?? '')).toBeGreaterThan(Date.parse(hold?.since ?? ''));
    expect(Date.parse(hold?.releasedAt ?? '') - startedAt).toBeGreaterThanOrEqual(12 * DAY_MS);
    expect(r?.verdict).toBe('erased');
    // The first request ran around the open interaction: Genesys ended it in ERROR (a partial completion).
    expect(r?.requests[0]?.verifications.map((v) => v.requestStatus)).toContain('FAILED');
    const late = r?.requests.find((q) => idsOf(q).includes(s.openConversation));
    expect(Date.parse(late?.submittedAt ?? '') - startedAt).toBeGreaterThanOrEqual(4 * DAY_MS);
    expect(r?.retained.map((d) => d.data)).toEqual([expect.stringMatching(/telephony metadata/)]);
    expect(result.identifiers.map((i) => i.value)).toEqual(expect.arrayContaining([s.workEmail, s.phone]));

    expect(await g.admin.remaining(s.personalValues)).toEqual([]);
    expect((await g.admin.remaining(s.bystander.values)).length).toBeGreaterThan(0);
    const journal = await g.admin.journal();
    expect(journal.violations).toEqual([]);
    expect(journal.entries.filter((e) => e.status === 429).length).toBeGreaterThan(0);
  });
});

describe('erasure on the chatbot (30-day defaults, time-skipping)', () => {
  it('deletes by chatter id, verifies by looking, and names what the platform keeps', async () => {
    const x = await suite.harness({}, { platforms: ['chatbot'] });
    const c = x.chatbot;
    if (!c) throw new Error('no chatbot simulator');
    const { seed, subject: s } = chatbotSubjectSeed(await c.admin.now(), '-wf');
    await c.admin.seed(seed);

    const result = await x.run(async () => {
      const { handle } = await x.client.start({
        requestId: 'ticket-chatbot',
        subjectKey: 'chatbot-subject',
        identifiers: [{ kind: 'chatbotUci', value: s.uciValue }],
        requestedBy: 'privacy-desk',
      });
      await suite.env.sleep('4d');
      await suite.syncClock(x);
      await c.admin.endConversation(s.openId);
      return suite.finish(handle);
    });

    expect(result.outcome).toBe('completed');
    const r = result.platforms.chatbot;
    expect(r?.erased.conversation?.sort()).toEqual([...s.closedIds, s.openId].sort());
    expect(r?.requests).toHaveLength(2);
    for (const q of r?.requests ?? []) {
      expect(q.verifications.every((v) => v.requestStatus === 'UNKNOWN')).toBe(true);
      expect(q.verifications.at(-1)?.present).toBe(0);
    }
    expect(r?.retained).toEqual(chatbotRetainedByDesign);
    expect(await c.admin.remaining([s.uciValue])).toEqual([]);
    expect((await c.admin.remaining([s.bystanderValue])).length).toBe(s.bystanderIds.length);
    expect((await c.admin.journal()).violations).toEqual([]);
  });
});

describe('erasure across all three platforms (30-day defaults, time-skipping)', () => {
  it('finishes on every platform that works when one fails for good, and says which and why', async () => {
    const x = await suite.harness({}, { platforms: ['liveperson', 'genesys', 'chatbot'] });
    const { genesys: g, chatbot: c } = x;
    if (!g || !c) throw new Error('simulators missing');
    const lp = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'multi');
    await x.admin.closeConversation(lp.activeConversationId);
    const { seed: gSeed, subject: gs } = genesysSubjectSeed(await g.admin.now(), 'multi');
    await g.admin.seed(gSeed);
    await g.admin.endConversation(gs.openConversation);
    await g.admin.releaseRecording(gs.heldRecording.id);
    const { seed: cSeed, subject: cs } = chatbotSubjectSeed(await c.admin.now(), '-multi');
    await c.admin.seed(cSeed);
    // The chatbot answers nonsense to every call, for good.
    await c.admin.faults({ malformedRate: 1 });

    const result = await x.run(async () => {
      const { handle } = await x.client.start({
        ...lp.request,
        identifiers: [
          ...lp.request.identifiers,
          { kind: 'email', value: gs.email },
          { kind: 'chatbotUci', value: cs.uciValue },
        ],
      });
      return suite.finish(handle);
    });

    // Not completed: one platform in scope failed. The others say erased; the failed one names its step.
    expect(result.outcome).toBe('incomplete');
    expect(result.reasons).toEqual([
      { scope: 'chatbot', reason: 'failed', step: 'discovering', type: 'ProtocolError' },
    ]);
    expect(result.platforms.liveperson?.verdict).toBe('erased');
    expect(result.platforms.genesys?.verdict).toBe('erased');
    expect(result.platforms.chatbot?.verdict).toBe('incomplete');
    expect(result.certificate?.certificate.outcome).toBe('incomplete');
    expect(result.certificate?.certificate.reasons).toEqual(result.reasons);
    expect(result.certificate?.certificate.systems.chatbot?.verdict).toBe('incomplete');
    expect(Object.keys(result.platforms).sort()).toEqual(['chatbot', 'genesys', 'liveperson']);
    expect(result.platforms.chatbot?.failure).toMatchObject({
      step: 'discovering',
      type: 'ProtocolError',
      message: expect.stringContaining('chatbot listConversations'),
    });
    expect(result.platforms.liveperson?.stillPresent).toEqual([]);
    expect(result.platforms.liveperson?.erased.consumer).toEqual([lp.consumerId]);
    expect(result.platforms.genesys?.stillPresent).toEqual([]);
    expect(result.platforms.genesys?.erased.externalContact).toEqual([gs.contactId]);
    expect(await x.admin.remaining(lp.personalValues)).toEqual([]);
    expect(await g.admin.remaining(gs.personalValues)).toEqual([]);
    // Nothing was sent to the failing platform; its data is all still there, and the result says so.
    await c.admin.faults({});
    expect((await c.admin.remaining([cs.uciValue])).length).toBe(cs.closedIds.length + 1);
  });
});

describe('cancelling an erasure across platforms (time-skipping)', () => {
  it('withdraws what LivePerson still allows and names the Genesys and chatbot requests as final', async () => {
    const x = await suite.harness({}, { platforms: ['liveperson', 'genesys', 'chatbot'] });
    const { genesys: g, chatbot: c } = x;
    if (!g || !c) throw new Error('simulators missing');
    const platforms = platformsOf(x);
    const subject = await seedEverywhere(platforms, 'cancel-all');
    await endActive(platforms, subject);

    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await suite.env.sleep('2h'); // everything sent; nothing finished anywhere yet
      await x.client.cancel(workflowId, { by: 'dpo@controller.example', reason: 'withdrawn by the subject' });
      return suite.finish(handle);
    });

    expect(result.outcome).toBe('cancelled');
    const submitted = result.cancellation?.submitted ?? [];
    const of = (p: string) => submitted.filter((s) => s.platform === p);
    expect(of('liveperson').length).toBeGreaterThan(0);
    expect(of('liveperson').every((s) => s.withdrawn)).toBe(true);
    for (const p of ['genesys', 'chatbot']) {
      expect(of(p).length).toBeGreaterThan(0);
      for (const s of of(p))
        expect(s).toMatchObject({ withdrawn: false, note: expect.stringMatching(/no way to withdraw/) });
    }
  });
});

describe('identity across platforms (time-skipping)', () => {
  it('finds the person on LivePerson through a phone only Genesys knew them by', async () => {
    const x = await suite.harness({}, { platforms: ['liveperson', 'genesys'] });
    const g = x.genesys;
    if (!g) throw new Error('no Genesys simulator');
    const lp = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'rounds');
    await x.admin.closeConversation(lp.activeConversationId);
    const phone = lp.personalValues[2] as string;
    // The caller knows an address only Genesys has; Genesys' contact holds the phone LivePerson knows.
    await g.admin.seed({
      contacts: [
        {
          id: '5b0e6f0a-3c2d-4e1f-8a7b-9c0d1e2f3a4b',
          firstName: 'Ada',
          emails: ['ada@genesys-only.example'],
          phones: [phone],
        },
      ],
    });

    const result = await x.run(async () => {
      const { handle } = await x.client.start({
        requestId: 'ticket-rounds',
        subjectKey: 'rounds-subject',
        identifiers: [{ kind: 'email', value: 'ada@genesys-only.example' }],
        requestedBy: 'privacy-desk',
      });
      return suite.finish(handle);
    });

    expect(result.outcome).toBe('completed');
    const by = (kind: string, value: string) =>
      result.identifiers.find((i) => i.kind === kind && i.value === value);
    expect(by('phone', phone)?.provenance).toBe('genesys:email');
    expect(by('livepersonConsumerId', lp.consumerId)?.provenance).toBe('liveperson:phone');
    expect(result.platforms.liveperson?.erased.consumer).toEqual([lp.consumerId]);
    expect(result.platforms.liveperson?.erased.conversation?.sort()).toEqual(
      [...lp.closedConversationIds, lp.activeConversationId].sort(),
    );
    expect(result.platforms.genesys?.erased.externalContact).toEqual([
      '5b0e6f0a-3c2d-4e1f-8a7b-9c0d1e2f3a4b',
    ]);
  });
});
