/**
 * Identity expansion under the policy (issue 15) on the time-skipping server, against the LivePerson
 * simulator over HTTP: a household. Ada asks for erasure by her email and the family's phone; her son
 * uses the same phone, and one of Ada's chats holds his email in its text, which alone leads to his
 * work account. Under the default policy nothing of the son's is deleted without an operator's
 * confirmation; excluded, it never is, and the result names who decided; under `auto` everything
 * reached is erased and the result names it.
 */
import { describe, expect, it } from 'vitest';
import { renderCertificateHtml } from '../../src/certificate/html';
import { renderPlan } from '../../src/cli/plan-render';
import type { SignedCertificate } from '../../src/domain/certificate';
import { seedHousehold } from '../../src/simulator/liveperson/household';
import { progressQuery } from '../../src/workflows/definitions';
import { waitUntil } from '../helpers/temporal';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();
/** How the son's work account was reached: through his email, typed by Ada into her own chat. */
const FREE_TEXT_CHAIN =
  'email (request) → livepersonConsumerId (liveperson, own) → email (liveperson, free-text) → livepersonConsumerId (liveperson, own)';
describe('identity expansion: a household', () => {
  it("holds the son's records for an operator, erases Ada's, and never the son's once excluded", async () => {
    const x = await suite.harness();
    const h = await seedHousehold(x.admin, 'confirm');
    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(h.request);
      const waiting = await waitUntil(
        async () => {
          const matches = (await handle.query(progressQuery)).derivedMatches ?? [];
          const pending = matches.filter((m) => m.reach === 'confirm' && !m.decision);
          return pending.length > 0 ? pending : undefined;
        },
        60_000,
        'a derived match waiting',
      );
      // What waits is the son's: his consumer reached through the shared phone, and his work account
      // reached through the email Ada typed. Named by kinds and platforms, never a value.
      expect(waiting).toEqual([
        {
          ref: 'm2',
          platform: 'liveperson',
          chain: 'phone (request, held for others too) → livepersonConsumerId (liveperson, shared)',
          reach: 'confirm',
          records: { conversation: 1, consumer: 1 },
        },
        {
          ref: 'm3',
          platform: 'liveperson',
          chain: FREE_TEXT_CHAIN,
          reach: 'confirm',
          records: { conversation: 1, consumer: 1 },
        },
      ]);
      expect(JSON.stringify(waiting)).not.toContain('son.');
      // The Web UI shows the same as the erasure's current details (user metadata), with what to run.
      const details = await waitUntil(
        async () => {
          const meta = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
          return meta.currentDetails?.includes('Waiting for an operator') ? meta.currentDetails : undefined;
        },
        60_000,
        'the current details naming the waiting match',
      );
      expect(details).toContain(
        '- m2 · liveperson · 1 conversation, 1 consumer · via phone (request, held for others too) → livepersonConsumerId (liveperson, shared)',
      );
      expect(details).toContain(`- m3 · liveperson · 1 conversation, 1 consumer · via ${FREE_TEXT_CHAIN}`);
      expect(details).toContain(`lethe confirm ${workflowId} --by <you> [--exclude m2,m3]`);
      expect(details).not.toContain('son.');
      const decided = await x.client.confirmMatches(workflowId, {
        by: 'dpo',
        reason: 'Sam is not the requester',
        exclude: ['m2', 'm3'],
      });
      expect(decided).toEqual({ confirmed: [], excluded: ['m2', 'm3'] });
      return suite.finish(handle);
    });
    expect(result.outcome).toBe('completed');
    expect(result.platforms.liveperson?.erased.conversation?.sort()).toEqual(
      ['conv-ada-1-confirm', 'conv-ada-2-confirm'].sort(),
    );
    expect(result.derivedMatches?.find((m) => m.ref === 'm2')).toMatchObject({
      decision: { confirmed: false, by: 'dpo', reason: 'Sam is not the requester' },
    });
    // The certificate names the exclusion and who made it; its page says it in words.
    expect(result.certificate?.certificate.derivedMatches?.find((m) => m.ref === 'm2')).toMatchObject({
      chain: 'phone (request, held for others too) → livepersonConsumerId (liveperson, shared)',
      decision: { confirmed: false, by: 'dpo' },
    });
    const page = renderCertificateHtml(result.certificate as SignedCertificate);
    expect(page).toContain('excluded, not erased by dpo');
    expect(page).not.toContain('son.confirm@');
    // Ada's own consumer was reached through her email: a derived match the policy erases, named.
    expect(result.derivedMatches?.find((m) => m.ref === 'm1')).toMatchObject({
      reach: 'auto',
      chain: 'email (request) → livepersonConsumerId (liveperson, own)',
    });
    expect(await x.admin.remaining([h.ada[0] as string])).toEqual([]);
    expect(await x.admin.remaining(h.son)).not.toEqual([]);
    // No request ever carried one of the son's ids.
    const sent = (await x.admin.requests()).flatMap((r) => r.ids);
    for (const id of ['conv-son-1-confirm', 'son-confirm', 'conv-son-work-confirm', 'son-work-confirm']) {
      expect(sent).not.toContain(id);
    }
    expect((await x.admin.journal()).violations).toEqual([]);
  });

  it('left unconfirmed, ends incomplete at the hard stop and deletes nothing of the son', async () => {
    const x = await suite.harness();
    const h = await seedHousehold(x.admin, 'waits');
    const result = await x.run(async () => suite.finish((await x.client.start(h.request)).handle));
    expect(result.outcome).toBe('incomplete');
    expect(result.reasons).toContainEqual({ scope: 'liveperson', reason: 'unconfirmed', records: 4 });
    expect(result.timeline.map((t) => t.phase)).toContain('awaiting_confirmation');
    expect(await x.admin.remaining(h.son)).not.toEqual([]);
    expect(await x.admin.remaining([h.ada[0] as string])).toEqual([]);
  });

  it('a dry run shows the derived matches it would hold before anything is deleted: lethe plan', async () => {
    const x = await suite.harness();
    const h = await seedHousehold(x.admin, 'plan');
    const request = { ...h.request, options: { dryRun: true } };
    const { workflowId, result } = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(request);
      return { workflowId, result: await suite.finish(handle) };
    });
    expect(result.outcome).toBe('planned');
    // The plan sends Ada's records only; the son's wait, named by the chain that reached them.
    const planned = result.plan?.platforms.liveperson?.requests.flatMap((r) => r.ids) ?? [];
    expect(planned.sort()).toEqual(['ada-plan', 'conv-ada-1-plan', 'conv-ada-2-plan'].sort());
    const text = renderPlan(workflowId, result).join('\n');
    expect(text).toContain('would send  2 conversations in 1 request, 1 consumer in 1 request');
    expect(text).toContain(
      `m3    liveperson: 1 conversation, 1 consumer: WOULD WAIT for confirmation\n        via ${FREE_TEXT_CHAIN.replaceAll(' → ', '\n          → ')}`,
    );
    expect(text).not.toContain('son.plan@');
    const sent = (await x.admin.requests()).flatMap((r) => r.ids);
    expect(sent.filter((id) => id.endsWith('-plan'))).toEqual([]);
  });

  it("under 'auto' erases everything reached and names the derived matches", async () => {
    const x = await suite.harness();
    const h = await seedHousehold(x.admin, 'auto');
    const request = { ...h.request, options: { expand: 'auto' as const } };
    const result = await x.run(async () => suite.finish((await x.client.start(request)).handle));
    expect(result.outcome).toBe('completed');
    expect(result.derivedMatches?.map((m) => [m.ref, m.reach, m.records])).toEqual([
      ['m1', 'auto', { conversation: 2, consumer: 1 }],
      ['m2', 'auto', { conversation: 1, consumer: 1 }],
      ['m3', 'auto', { conversation: 1, consumer: 1 }],
    ]);
    // The certificate names each, with the chain that reached it.
    expect(result.certificate?.certificate.derivedMatches?.find((m) => m.ref === 'm3')).toMatchObject({
      chain: FREE_TEXT_CHAIN,
      reach: 'auto',
    });
    expect(await x.admin.remaining(h.son)).toEqual([]);
  });
});
