/**
 * Downstream subscribers are told when an erasure ends (DESIGN §2 phase 7): a webhook signed with
 * HMAC-SHA256 over timestamp and body, retried with backoff until delivered, every attempt recorded in
 * the result; the event names the subject by its HMAC and the certificate by its digest, nothing more.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateDigest,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookSignature,
} from '../../src/announce/webhook';
import { Secret } from '../../src/config/secret';
import type { SignedCertificate } from '../../src/domain/certificate';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();
const SECRET = new Secret('webhook-shared-secret-0123456789abcdef');

/** A subscriber that answers 500 to its first `failures` deliveries, then 200, keeping what it got. */
function receiver(failures: number) {
  const got: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = got.length <= failures ? 500 : 200;
      res.end();
    });
  });
  return { server, got };
}

describe('completion webhook', () => {
  const hook = receiver(2);
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}/hooks/lethe?token=subscriber-token`;
  });
  afterAll(() => new Promise<void>((resolve) => hook.server.close(() => resolve())));

  it('reaches a subscriber that fails twice, signed, and records every attempt', async () => {
    const x = await suite.harness({}, { webhooks: { urls: [url], secret: SECRET } });
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'webhook');
    await x.admin.closeConversation(subject.activeConversationId);

    const result = await x.run(async () => suite.finish((await x.client.start(subject.request)).handle));

    expect(result.outcome).toBe('completed');
    expect(result.deliveries?.map((d) => [d.subscriber, d.status, d.delivered])).toEqual([
      [expect.stringMatching(/^127\.0\.0\.1:\d+\/hooks\/lethe$/), 500, false],
      [expect.stringMatching(/^127\.0\.0\.1:\d+\/hooks\/lethe$/), 500, false],
      [expect.stringMatching(/^127\.0\.0\.1:\d+\/hooks\/lethe$/), 200, true],
    ]);
    expect(JSON.stringify(result.deliveries)).not.toContain('subscriber-token');
    expect(hook.got).toHaveLength(3);
    for (const delivery of hook.got) {
      const timestamp = String(delivery.headers[TIMESTAMP_HEADER]);
      const signature = String(delivery.headers[SIGNATURE_HEADER]);
      expect(verifyWebhookSignature(SECRET, timestamp, delivery.body, signature)).toBe(true);
      expect(
        verifyWebhookSignature(
          new Secret('another-secret-0123456789abcdefghij'),
          timestamp,
          delivery.body,
          signature,
        ),
      ).toBe(false);
      expect(verifyWebhookSignature(SECRET, timestamp, `${delivery.body} `, signature)).toBe(false);
    }
    const event = JSON.parse(hook.got[2]?.body ?? '{}');
    expect(event).toEqual({
      type: 'lethe.erasure.completed',
      requestId: subject.request.requestId,
      subjectRef: result.subjectRef,
      outcome: 'completed',
      systems: ['liveperson'],
      certificateDigest: certificateDigest(result.certificate as SignedCertificate),
      finishedAt: result.finishedAt,
    });
    for (const value of subject.personalValues) expect(hook.got[2]?.body).not.toContain(value);
  });
});

describe('completion webhook of an incomplete erasure', () => {
  const hook = receiver(0);
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}/hooks/lethe`;
  });
  afterAll(() => new Promise<void>((resolve) => hook.server.close(() => resolve())));

  it('says incomplete, never completed, when a record was not erased', async () => {
    const x = await suite.harness({}, { webhooks: { urls: [url], secret: SECRET } });
    // The subject's open conversation never closes: it is reported still active, not erased.
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'webhook-open');

    const result = await x.run(async () => suite.finish((await x.client.start(subject.request)).handle));

    expect(result.outcome).toBe('incomplete');
    expect(hook.got).toHaveLength(1);
    expect(JSON.parse(hook.got[0]?.body ?? '{}')).toMatchObject({
      type: 'lethe.erasure.incomplete',
      outcome: 'incomplete',
      requestId: subject.request.requestId,
    });
  });
});

describe('webhook signature', () => {
  it('refuses a delivery older than the tolerance (a replay)', () => {
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const body = '{"a":1}';
    expect(verifyWebhookSignature(SECRET, old, body, webhookSignature(SECRET, old, body))).toBe(false);
  });
});
