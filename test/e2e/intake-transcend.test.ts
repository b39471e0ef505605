/**
 * Lethe behind Transcend, end to end on the dev server over real HTTP (issue 19): Transcend's simulator
 * sends its "new privacy request job" webhooks to the intake, which starts or joins the person's erasure
 * and reports back through `PUT /v1/data-silo` until the erasure is verified. Forged tokens change
 * nothing; per-identifier calls are one erasure; a revoked request cancels it; reports survive a failing
 * status endpoint and a restarted intake.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serializeCertificate } from '../../src/certificate/signing';
import { Secret } from '../../src/config/secret';
import { certificateDigest } from '../../src/intake/activities';
import { type RunningIntake, startIntake } from '../../src/intake/service';
import { TranscendAdapter } from '../../src/intake/transcend/adapter';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { createLogger } from '../../src/ops/logger';
import { TranscendAdminClient } from '../../src/simulator/privacy-tools/transcend/admin-client';
import { defaultTranscendOptions } from '../../src/simulator/privacy-tools/transcend/options';
import {
  startTranscendSimulator,
  type TranscendSimulator,
} from '../../src/simulator/privacy-tools/transcend/server';
import { forgeryKinds } from '../../src/simulator/privacy-tools/transcend/signing';
import { devServerSuite } from '../helpers/dev-server-suite';
import { endActive, leftBehind, platformsOf, seedEverywhere } from '../helpers/everywhere';
import { uniqueTaskQueue, waitUntil } from '../helpers/temporal';

const suite = devServerSuite({ platforms: ['liveperson'] });
const queue = uniqueTaskQueue('intake');
let sim: TranscendSimulator;
let admin: TranscendAdminClient;
let intake: RunningIntake;

async function startTestIntake(): Promise<RunningIntake> {
  const o = defaultTranscendOptions;
  return startIntake({
    client: suite.x.client,
    connection: suite.env.nativeConnection,
    namespace: suite.env.namespace ?? 'default',
    dataConverter: LOCAL_DATA_CONVERTER,
    adapters: [
      new TranscendAdapter({
        sombraUrl: sim.url,
        apiKey: new Secret(o.apiKey),
        audience: o.audience,
        identifierKinds: { email: 'email', phone: 'phone' },
      }),
    ],
    taskQueue: queue,
    pollMs: 40,
    retryInitialMs: 50,
    logger: createLogger(process.env.INTAKE_LOG ?? 'silent'),
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
}

beforeAll(async () => {
  sim = await startTranscendSimulator();
  admin = new TranscendAdminClient(sim.url);
  intake = await startTestIntake();
  await admin.silo({ webhookUrl: `${intake.server.url}/intake/transcend` });
});
afterAll(async () => {
  await intake?.close();
  await sim?.close();
});

/** The demo's person on LivePerson, and a Transcend request naming them by their two emails. */
async function personAndRequest(tag: string) {
  const platforms = platformsOf(suite.x);
  const subject = await seedEverywhere(platforms, tag);
  suite.remember(subject.liveperson.personalValues);
  const { workEmail, homeEmail } = subject.seeded.person;
  const created = await admin.createRequest({
    identifiers: [
      { type: 'email', value: workEmail },
      { type: 'email', value: homeEmail },
    ],
  });
  return { platforms, subject, created, workflowId: suite.x.client.workflowIdFor(`transcend:${created.id}`) };
}

const statuses = async (id: string): Promise<string[][]> =>
  (await admin.request(id)).profiles.map((p) => p.reports.map((r) => r.status ?? ''));

describe('Lethe behind Transcend', () => {
  it('refuses every forged token with a 401 and starts nothing', async () => {
    const created = await admin.createRequest({
      identifiers: [{ type: 'email', value: 'nobody@example.org' }],
    });
    for (const kind of forgeryKinds) {
      const delivery = await admin.deliverForged(created.id, { kind });
      expect(delivery.status, kind).toBe(401);
    }
    const workflowId = suite.x.client.workflowIdFor(`transcend:${created.id}`);
    await expect(suite.x.client.execution(workflowId)).rejects.toThrow(/not found|no erasure/i);
  });

  it('merges the calls of one request into one erasure, reports WAITING, then RESOLVED with the digest', async () => {
    await suite.x.run(async () => {
      const { platforms, subject, created, workflowId } = await personAndRequest('tr-merge');
      const deliveries = await admin.deliver(created.id);
      expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
      // Both identifiers reached the one erasure: the home email's conversation is found only through it.
      await waitUntil(
        async () => ((await statuses(created.id)).every((s) => s.includes('WAITING')) ? true : undefined),
        60_000,
        'a WAITING report on both profiles',
      );
      await endActive(platforms, subject);
      await waitUntil(
        async () => ((await admin.request(created.id)).state === 'completed' ? true : undefined),
        90_000,
        'the request completed in Transcend',
      );
      const digest = certificateDigest(serializeCertificate(await suite.x.client.certificate(workflowId)));
      const view = await admin.request(created.id);
      for (const profile of view.profiles) {
        expect(profile.reports.at(-1)).toMatchObject({ status: 'RESOLVED' });
        expect(profile.reports.at(-1)?.message).toContain(digest);
        expect(profile.reports.filter((r) => r.status === 'RESOLVED')).toHaveLength(1);
        for (const r of profile.reports) expect(r.message ?? '').not.toContain('@');
      }
      expect((await suite.x.client.result(workflowId)).outcome).toBe('completed');
      expect((await leftBehind(platforms, subject)).remaining).toEqual({ liveperson: 0 });
    });
  });

  it('cancels the erasure, with the reason, once Transcend answers that the request is closed', async () => {
    await suite.x.run(async () => {
      const { created, workflowId } = await personAndRequest('tr-revoke');
      await admin.deliver(created.id);
      await waitUntil(
        async () => ((await statuses(created.id)).some((s) => s.includes('WAITING')) ? true : undefined),
        60_000,
        'a first report',
      );
      await admin.revoke(created.id);
      const progress = await waitUntil(
        async () => {
          const p = await suite.x.client.progress(workflowId);
          return p.phase === 'cancelled' ? p : undefined;
        },
        60_000,
        'the erasure cancelled',
      );
      expect(progress.cancellation).toMatchObject({ by: 'transcend' });
      expect(progress.cancellation?.reason).toMatch(/closed or revoked in transcend/);
    });
  });

  it('loses no report to a failing status endpoint or a restarted intake, and repeats none', async () => {
    await suite.x.run(async () => {
      const { platforms, subject, created } = await personAndRequest('tr-restart');
      await admin.faults({ errorRate: 1, method: 'PUT', pathContains: '/v1/data-silo' });
      await admin.deliver(created.id);
      await waitUntil(
        async () => {
          const failed = (await admin.journal()).entries.filter(
            (e) => e.method === 'PUT' && e.status === 500,
          );
          return failed.length >= 3 ? true : undefined;
        },
        60_000,
        'reports failing',
      );
      // The intake goes down while its reports fail; its reporters live on in Temporal.
      await intake.close();
      await admin.clearFaults();
      await endActive(platforms, subject);
      intake = await startTestIntake();
      await waitUntil(
        async () => ((await admin.request(created.id)).state === 'completed' ? true : undefined),
        90_000,
        'the request completed after the restart',
      );
      for (const profile of (await admin.request(created.id)).profiles) {
        expect(profile.reports.at(-1)?.status).toBe('RESOLVED');
        expect(profile.reports.filter((r) => r.status === 'RESOLVED')).toHaveLength(1);
        expect(profile.duplicates).toBe(0);
      }
    });
  });
});
