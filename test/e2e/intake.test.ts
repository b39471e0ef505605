/**
 * The intake end to end on the dev server over real HTTP (issue 19), behind Transcend, behind Ketch, and
 * as Lethe's own signed status API. Transcend's simulator
 * sends its "new privacy request job" webhooks to the intake, which starts or joins the person's erasure
 * and reports back through `PUT /v1/data-silo` until the erasure is verified. Forged tokens change
 * nothing; per-identifier calls are one erasure; a revoked request cancels it; reports survive a failing
 * status endpoint and a restarted intake.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serializeCertificate } from '../../src/certificate/signing';
import { Secret } from '../../src/config/secret';
import { certificateDigest } from '../../src/intake/activities';
import { FidesAdapter } from '../../src/intake/fides/adapter';
import { KetchAdapter } from '../../src/intake/ketch/adapter';
import { LetheApi } from '../../src/intake/lethe-api/api';
import { SIGNATURE_HEADER, verifyLetheSignature } from '../../src/intake/lethe-api/signature';
import { OneTrustAdapter } from '../../src/intake/onetrust/adapter';
import { type RunningIntake, startIntake } from '../../src/intake/service';
import { TranscendAdapter } from '../../src/intake/transcend/adapter';
import { LOCAL_CERT_SIGNER, LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { createLogger } from '../../src/ops/logger';
import { FidesAdminClient } from '../../src/simulator/privacy-tools/fides/admin-client';
import { defaultFidesOptions } from '../../src/simulator/privacy-tools/fides/options';
import { type FidesSimulator, startFidesSimulator } from '../../src/simulator/privacy-tools/fides/server';
import { KetchAdminClient } from '../../src/simulator/privacy-tools/ketch/admin-client';
import { defaultKetchOptions } from '../../src/simulator/privacy-tools/ketch/options';
import { type KetchSimulator, startKetchSimulator } from '../../src/simulator/privacy-tools/ketch/server';
import { OneTrustAdminClient } from '../../src/simulator/privacy-tools/onetrust/admin-client';
import { defaultOneTrustOptions } from '../../src/simulator/privacy-tools/onetrust/options';
import {
  type OneTrustSimulator,
  startOneTrustSimulator,
} from '../../src/simulator/privacy-tools/onetrust/server';
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
const API_KEY = 'k'.repeat(40);
const queue = uniqueTaskQueue('intake');
let sim: TranscendSimulator;
let ketch: KetchSimulator;
let ketchAdmin: KetchAdminClient;
let onetrust: OneTrustSimulator;
let onetrustAdmin: OneTrustAdminClient;
let fides: FidesSimulator;
let fidesAdmin: FidesAdminClient;
let admin: TranscendAdminClient;
let intake: RunningIntake;

/** The intake on the suite's stack, and both tools' simulators pointed at it (its port changes on a restart). */
async function startTestIntake(): Promise<RunningIntake> {
  const o = defaultTranscendOptions;
  const started = await startIntake({
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
      new OneTrustAdapter({
        hostUrl: onetrust.url,
        clientId: defaultOneTrustOptions.clientId,
        clientSecret: new Secret(defaultOneTrustOptions.clientSecret),
        headerName: defaultOneTrustOptions.intakeHeader.name,
        headerValue: new Secret(defaultOneTrustOptions.intakeHeader.value),
        identifierKinds: { email: 'email', phone: 'phone' },
      }),
      new FidesAdapter({ fidesUrl: fides.url, connectorKey: new Secret(defaultFidesOptions.apiKey) }),
      new KetchAdapter({
        headerName: defaultKetchOptions.endpointHeader.name,
        headerValue: new Secret(defaultKetchOptions.endpointHeader.value),
        identityKinds: { email: 'email', phone: 'phone' },
      }),
    ],
    api: new LetheApi(suite.x.client, LOCAL_CERT_SIGNER, [{ name: 'crm', key: new Secret(API_KEY) }]),
    taskQueue: queue,
    pollMs: 40,
    retryInitialMs: 50,
    retryMaximumMs: 400,
    logger: createLogger(process.env.INTAKE_LOG ?? 'silent'),
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  await admin.silo({ webhookUrl: `${started.server.url}/intake/transcend` });
  await ketchAdmin.endpoint(`${started.server.url}/intake/ketch`);
  await onetrustAdmin.intake(`${started.server.url}/intake/onetrust`);
  await fidesAdmin.executor(started.server.url);
  return started;
}

beforeAll(async () => {
  sim = await startTranscendSimulator();
  admin = new TranscendAdminClient(sim.url);
  ketch = await startKetchSimulator();
  ketchAdmin = new KetchAdminClient(ketch.url);
  onetrust = await startOneTrustSimulator();
  onetrustAdmin = new OneTrustAdminClient(onetrust.url);
  fides = await startFidesSimulator();
  fidesAdmin = new FidesAdminClient(fides.url);
  intake = await startTestIntake();
});
afterAll(async () => {
  await intake?.close();
  await sim?.close();
  await ketch?.close();
  await onetrust?.close();
  await fides?.close();
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
      // Transcend retries a webhook it thinks failed: the same nonces again join the same erasure and
      // find their reporters at work (no report is doubled; checked at the end).
      expect((await admin.deliver(created.id)).map((d) => d.status)).toEqual([200, 200]);
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
        expect(profile.duplicates).toBe(0);
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

/** A caller's endpoint for status callbacks: every post kept with its signature header. */
async function callbackReceiver() {
  const posts: Array<{ body: string; signature: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      posts.push({ body, signature: String(req.headers[SIGNATURE_HEADER] ?? '') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lethe-status`;
  return { url, posts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const api = (path: string, init: { method?: string; json?: unknown; key?: string } = {}) =>
  fetch(`${intake.server.url}${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.key === '' ? {} : { authorization: `Bearer ${init.key ?? API_KEY}` }),
      ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });

/** An answer's body and whether its signature verifies with Lethe's public key alone. */
async function signed(res: Response) {
  const body = await res.text();
  const check = verifyLetheSignature(
    LOCAL_CERT_SIGNER.publicKeyPem(),
    res.headers.get(SIGNATURE_HEADER) ?? '',
    body,
  );
  return { status: res.status, json: JSON.parse(body), valid: check.valid, body };
}

describe("Lethe's own signed status API", () => {
  it('signs every answer and callback, refusals included; each verifies with the public key alone', async () => {
    await suite.x.run(async () => {
      const refused = await signed(await api('/v1/erasures', { json: {}, key: '' }));
      expect(refused).toMatchObject({ status: 401, valid: true });
      const bad = await signed(await api('/v1/erasures', { json: { request: { requestId: 'r' } } }));
      expect(bad.status).toBe(400);
      expect(bad.json.fields).toContain('request.identifiers');
      const receiver = await callbackReceiver();
      try {
        const platforms = platformsOf(suite.x);
        const subject = await seedEverywhere(platforms, 'api-one');
        suite.remember(subject.liveperson.personalValues);
        const created = await signed(
          await api('/v1/erasures', { json: { request: subject.request, callbackUrl: receiver.url } }),
        );
        expect(created).toMatchObject({ status: 202, valid: true });
        const erasureId = created.json.erasureId as string;
        expect(erasureId).toMatch(/^erasure-[0-9a-f]{64}$/);
        expect(created.body).not.toContain('@');
        await waitUntil(
          async () => (receiver.posts.length > 0 ? true : undefined),
          60_000,
          'a first callback',
        );
        await endActive(platforms, subject);
        await waitUntil(
          async () => (receiver.posts.some((p) => JSON.parse(p.body).final) ? true : undefined),
          90_000,
          'the final callback',
        );
        const stages = receiver.posts.map((p) => JSON.parse(p.body).stage as string);
        expect(stages.at(-1)).toBe('verified');
        expect(stages.indexOf('verified')).toBe(stages.length - 1);
        for (const post of receiver.posts) {
          expect(
            verifyLetheSignature(LOCAL_CERT_SIGNER.publicKeyPem(), post.signature, post.body).valid,
          ).toBe(true);
          // A body changed after the fact no longer verifies: what Lethe said is fixed.
          const forged = post.body.replace('"stage":"', '"stage":"x');
          expect(verifyLetheSignature(LOCAL_CERT_SIGNER.publicKeyPem(), post.signature, forged).valid).toBe(
            false,
          );
        }
        const last = JSON.parse(receiver.posts.at(-1)?.body ?? '{}');
        const digest = certificateDigest(serializeCertificate(await suite.x.client.certificate(erasureId)));
        expect(last).toMatchObject({ erasureId, stage: 'verified', final: true, certificateDigest: digest });
        const status = await signed(await api(`/v1/erasures/${erasureId}`));
        expect(status).toMatchObject({ status: 200, valid: true });
        expect(status.json).toMatchObject({ stage: 'verified', certificateDigest: digest });
      } finally {
        await receiver.close();
      }
    });
  });

  it('revokes an erasure for its caller, named in the evidence', async () => {
    await suite.x.run(async () => {
      const subject = await seedEverywhere(platformsOf(suite.x), 'api-two');
      suite.remember(subject.liveperson.personalValues);
      const created = await signed(await api('/v1/erasures', { json: { request: subject.request } }));
      const erasureId = created.json.erasureId as string;
      const revoked = await signed(
        await api(`/v1/erasures/${erasureId}/revoke`, {
          json: { reason: 'the customer withdrew the request' },
        }),
      );
      expect(revoked).toMatchObject({ status: 202, valid: true });
      const progress = await waitUntil(
        async () => {
          const p = await suite.x.client.progress(erasureId);
          return p.phase === 'cancelled' ? p : undefined;
        },
        60_000,
        'the erasure cancelled',
      );
      expect(progress.cancellation).toMatchObject({
        by: 'api:crm',
        reason: 'the customer withdrew the request',
      });
      expect((await signed(await api(`/v1/erasures/erasure-${'0'.repeat(64)}`))).status).toBe(404);
    });
  });
});

describe('Lethe behind Ketch', () => {
  it("refuses a forward without the configured header, in Ketch's Error form, and starts nothing", async () => {
    const uid = await ketchAdmin.createRequest({
      identities: [{ identitySpace: 'email', identityValue: 'nobody@example.org' }],
    });
    const attempts = await ketchAdmin.forward(uid, { headerValue: 'not-the-secret' });
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(attempts.flatMap((a) => a.breaches)).toEqual([]);
    await expect(suite.x.client.execution(suite.x.client.workflowIdFor(`ketch:${uid}`))).rejects.toThrow(
      /not found|no erasure/i,
    );
  });

  it('answers in_progress at once, then posts events until completed/executed with the certificate', async () => {
    await suite.x.run(async () => {
      const platforms = platformsOf(suite.x);
      const subject = await seedEverywhere(platforms, 'ketch-one');
      suite.remember(subject.liveperson.personalValues);
      const { workEmail, homeEmail } = subject.seeded.person;
      const uid = await ketchAdmin.createRequest({
        identities: [
          { identitySpace: 'email', identityValue: workEmail },
          { identitySpace: 'email', identityValue: homeEmail },
          {
            identitySpace: 'email',
            identityValue: 'd41d8cd98f00b204e9800998ecf8427e',
            identityFormat: 'md5',
          },
        ],
        subject: { email: workEmail, firstName: 'Ada', lastName: 'Lovelace' },
      });
      const [attempt] = await ketchAdmin.forward(uid);
      expect(attempt).toMatchObject({ status: 200, breaches: [] });
      const workflowId = suite.x.client.workflowIdFor(`ketch:${uid}`);
      expect((await ketchAdmin.request(uid)).response).toMatchObject({
        kind: 'DeleteResponse',
        response: { status: 'in_progress', requestID: workflowId },
      });
      await waitUntil(
        async () => ((await ketchAdmin.request(uid)).events.length > 1 ? true : undefined),
        60_000,
        'a first status event',
      );
      await endActive(platforms, subject);
      const view = await waitUntil(
        async () => {
          const v = await ketchAdmin.request(uid);
          return v.state === 'final' ? v : undefined;
        },
        90_000,
        'the request final in Ketch',
      );
      expect(view.finalStatus).toBe('completed');
      const events = view.events.filter((e) => e.source === 'event');
      expect(events.slice(0, -1).every((e) => e.status === 'in_progress')).toBe(true);
      const last = events.at(-1);
      const file = serializeCertificate(await suite.x.client.certificate(workflowId));
      expect(last).toMatchObject({ status: 'completed', reason: 'executed' });
      expect(last?.context).toMatchObject({
        lethe_stage: 'verified',
        lethe_certificate_digest: certificateDigest(file),
      });
      const doc = (last?.documents as Array<{ data: string }> | undefined)?.[0];
      expect(Buffer.from(doc?.data ?? '', 'base64').toString()).toBe(file);
      expect((await ketchAdmin.journal()).violations).toEqual([]);
      expect((await leftBehind(platforms, subject)).remaining).toEqual({ liveperson: 0 });
    });
  });
});

describe('Lethe behind OneTrust', () => {
  it('refuses the HTTP action without the configured header and starts nothing', async () => {
    const { subtaskId, requestRefId } = await onetrustAdmin.createSubtask({
      identifiers: [{ type: 'email', value: 'nobody@example.org' }],
    });
    const [delivery] = await onetrustAdmin.trigger(subtaskId, { headerValue: 'Bearer not-the-secret' });
    expect(delivery?.status).toBe(401);
    await expect(
      suite.x.client.execution(suite.x.client.workflowIdFor(`onetrust:${requestRefId}`)),
    ).rejects.toThrow(/not found|no erasure/i);
  });

  it('sets the subtask IN_PROGRESS, then completes it with the certificate digest once verified', async () => {
    await suite.x.run(async () => {
      const platforms = platformsOf(suite.x);
      const subject = await seedEverywhere(platforms, 'onetrust-one');
      suite.remember(subject.liveperson.personalValues);
      const { workEmail, homeEmail } = subject.seeded.person;
      const { subtaskId, requestRefId } = await onetrustAdmin.createSubtask({
        identifiers: [
          { type: 'email', value: workEmail },
          { type: 'email', value: homeEmail },
        ],
      });
      const [delivery] = await onetrustAdmin.trigger(subtaskId);
      const workflowId = suite.x.client.workflowIdFor(`onetrust:${requestRefId}`);
      expect(delivery?.status).toBe(202);
      expect(JSON.parse(delivery?.body ?? '{}')).toEqual({ erasureId: workflowId });
      await waitUntil(
        async () =>
          (await onetrustAdmin.subtask(subtaskId)).statusHistory.some((h) => h.status === 'IN_PROGRESS')
            ? true
            : undefined,
        60_000,
        'the subtask in progress',
      );
      await endActive(platforms, subject);
      const view = await waitUntil(
        async () => {
          const v = await onetrustAdmin.subtask(subtaskId);
          return v.completedAt !== undefined ? v : undefined;
        },
        90_000,
        'the subtask completed',
      );
      const digest = certificateDigest(serializeCertificate(await suite.x.client.certificate(workflowId)));
      expect(view.comments.at(-1)).toMatchObject({ markAsComplete: true });
      expect(view.comments.at(-1)?.comment).toContain(digest);
      expect(view.comments.at(-1)?.comment).not.toContain('@');
      expect((await onetrustAdmin.journal()).violations).toEqual([]);
      expect((await leftBehind(platforms, subject)).remaining).toEqual({ liveperson: 0 });
    });
  });
});

describe('Lethe behind Fides', () => {
  it('completes the access task with one opaque row, and the erasure task only once verified', async () => {
    await suite.x.run(async () => {
      const platforms = platformsOf(suite.x);
      const subject = await seedEverywhere(platforms, 'fides-one');
      suite.remember(subject.liveperson.personalValues);
      const { workEmail } = subject.seeded.person;
      const id = await fidesAdmin.createRequest({ email: workEmail });
      expect((await fidesAdmin.run(id)).read.status).toBe(200);
      // The access step is answered by callback; then Fides sends the erasure, which starts the erasure.
      const erasing = await waitUntil(
        async () => {
          const v = await fidesAdmin.request(id);
          const erasure = v.tasks.find((t) => t.action === 'erasure');
          return erasure?.status === 'awaiting_processing' ? v : undefined;
        },
        60_000,
        'the erasure task sent to Lethe',
      );
      expect(erasing.accessRows).toHaveLength(1);
      expect(JSON.stringify(erasing.accessRows)).toMatch(/lethe-person-[0-9a-f]{32}/);
      await endActive(platforms, subject);
      const done = await waitUntil(
        async () => {
          const v = await fidesAdmin.request(id);
          return v.status === 'complete' ? v : undefined;
        },
        90_000,
        'the privacy request complete in Fides',
      );
      const personId = JSON.stringify(erasing.accessRows).match(/lethe-person-[0-9a-f]{32}/)?.[0] ?? '';
      const result = await suite.x.client.result(suite.x.client.workflowIdFor(`fides:${personId}`));
      expect(result.outcome).toBe('completed');
      const verified = Object.values(result.platforms).reduce(
        (n, p) => n + Object.values(p?.erased ?? {}).flat().length,
        0,
      );
      expect(done.rowsMasked).toBe(verified);
      expect((await fidesAdmin.journal()).violations).toEqual([]);
      expect((await leftBehind(platforms, subject)).remaining).toEqual({ liveperson: 0 });
    });
  });
});

describe('Lethe pulling from Transcend (the cron alternative)', () => {
  it("admits the silo's pending erasures, merged into one erasure, until they are resolved", async () => {
    const silo = await startTranscendSimulator();
    const siloAdmin = new TranscendAdminClient(silo.url);
    const o = defaultTranscendOptions;
    const puller = await startIntake({
      client: suite.x.client,
      connection: suite.env.nativeConnection,
      namespace: suite.env.namespace ?? 'default',
      dataConverter: LOCAL_DATA_CONVERTER,
      adapters: [
        new TranscendAdapter({
          sombraUrl: silo.url,
          apiKey: new Secret(o.apiKey),
          audience: o.audience,
          identifierKinds: { email: 'email' },
          pull: { dataSiloId: o.dataSiloId, everyMs: 100 },
        }),
      ],
      taskQueue: uniqueTaskQueue('intake-pull'),
      pollMs: 40,
      retryInitialMs: 50,
      retryMaximumMs: 400,
      logger: createLogger('silent'),
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    try {
      await suite.x.run(async () => {
        const platforms = platformsOf(suite.x);
        const subject = await seedEverywhere(platforms, 'tr-pull');
        suite.remember(subject.liveperson.personalValues);
        const { workEmail, homeEmail } = subject.seeded.person;
        // No webhook is delivered: the request waits in the silo's pending list.
        const created = await siloAdmin.createRequest({
          identifiers: [
            { type: 'email', value: workEmail },
            { type: 'email', value: homeEmail },
          ],
        });
        await waitUntil(
          async () =>
            (await siloAdmin.request(created.id)).profiles.every((p) => p.reports.length > 0)
              ? true
              : undefined,
          60_000,
          'both pulled profiles reported on',
        );
        await endActive(platforms, subject);
        const view = await waitUntil(
          async () => {
            const v = await siloAdmin.request(created.id);
            return v.state === 'completed' ? v : undefined;
          },
          90_000,
          'the pulled request completed',
        );
        for (const profile of view.profiles) {
          expect(profile.reports.at(-1)?.status).toBe('RESOLVED');
          expect(profile.reports.filter((r) => r.status === 'RESOLVED')).toHaveLength(1);
        }
        const workflowId = suite.x.client.workflowIdFor(`transcend:${created.id}`);
        expect((await suite.x.client.result(workflowId)).outcome).toBe('completed');
        expect((await leftBehind(platforms, subject)).remaining).toEqual({ liveperson: 0 });
        expect((await siloAdmin.journal()).violations).toEqual([]);
      });
    } finally {
      await puller.close();
      await silo.close();
    }
  });
});
