/**
 * End to end on the Temporal dev server over real HTTP, on a compressed clock (a day lasts 200 ms): one
 * person present on LivePerson, Genesys Cloud and the chatbot, erased everywhere by one erasure. Their
 * open conversations end on day 3, a Genesys recording's legal hold is lifted on day 8. At the end no
 * simulator holds their personal data, every bystander is intact, and no platform call broke a rule.
 */
import { describe, expect, it } from 'vitest';
import { serializeCertificate, verifyCertificate } from '../../src/certificate/signing';
import { endActive, leftBehind, seedEverywhere } from '../../src/demo/scenario';
import type { SignedCertificate } from '../../src/domain/certificate';
import { LOCAL_CERT_SIGNER } from '../../src/local/local-keys';
import { progressQuery } from '../../src/workflows/definitions';
import { devServerSuite, E2E_DAY_MS } from '../helpers/dev-server-suite';

const DAY = E2E_DAY_MS;
const suite = devServerSuite({ platforms: ['liveperson', 'genesys', 'chatbot'] });

describe('one person on all three platforms, on the dev server', () => {
  it('is erased from every platform, with per-platform progress and results', async () => {
    const { x } = suite;
    const g = x.genesys;
    const c = x.chatbot;
    if (!g || !c) throw new Error('simulators missing');
    const platforms = {
      liveperson: x.admin,
      accountId: x.sim.context.options.accountId,
      genesys: g.admin,
      chatbot: c.admin,
    };
    const subject = await seedEverywhere(platforms, 'everywhere');
    const before = await leftBehind(platforms, subject);
    expect(Object.values(before.remaining).every((n) => n > 0)).toBe(true);

    const { result, midway } = await x.run(async () => {
      const { handle } = await x.client.start(subject.request);
      const timers = [
        setTimeout(() => void endActive(platforms, subject), 3 * DAY),
        setTimeout(() => void g.admin.releaseRecording(subject.genesys?.heldRecordingId ?? ''), 8 * DAY),
      ];
      try {
        await new Promise((r) => setTimeout(r, 2 * DAY));
        const midway = await handle.query(progressQuery);
        return { result: await handle.result(), midway };
      } finally {
        for (const t of timers) clearTimeout(t);
      }
    });

    expect(Object.keys(midway.platforms).sort()).toEqual(['chatbot', 'genesys', 'liveperson']);
    expect(midway.platforms.genesys?.held).toBe(1);
    expect(result.outcome).toBe('completed');
    for (const p of ['liveperson', 'genesys', 'chatbot'] as const) {
      const r = result.platforms[p];
      expect(r?.failure).toBeUndefined();
      expect(r?.stillPresent).toEqual([]);
      expect(r?.failedBatches).toEqual([]);
      expect(Object.values(r?.erased ?? {}).flat().length).toBeGreaterThan(0);
    }
    expect(result.platforms.genesys?.held[0]?.releasedAt).toBeDefined();
    expect(result.platforms.chatbot?.retained.length).toBeGreaterThan(0);
    expect(result.platforms.genesys?.retained.length).toBeGreaterThan(0);

    // It ends with signed proof that verifies with the public key alone and names no identifier.
    expect(result.certificate).toBeDefined();
    const file = serializeCertificate(result.certificate as SignedCertificate);
    expect(verifyCertificate(file, LOCAL_CERT_SIGNER.publicKeyPem())).toMatchObject({
      valid: true,
      keyId: 'local-1',
    });
    const values = [
      ...subject.liveperson.personalValues,
      ...(subject.genesys?.personalValues ?? []),
      subject.chatbot?.uciValue ?? '',
      ...subject.request.identifiers.map((i) => i.value),
    ];
    for (const value of values) expect(file).not.toContain(value);
    expect(result.certificate?.certificate.systems.genesys?.held[0]?.releasedAt).toBeDefined();

    const after = await leftBehind(platforms, subject);
    expect(after).toEqual({ remaining: { liveperson: 0, genesys: 0, chatbot: 0 }, bystandersIntact: true });
    for (const journal of [await x.admin.journal(), await g.admin.journal(), await c.admin.journal()]) {
      expect(journal.entries.length).toBeGreaterThan(0);
      expect(journal.violations).toEqual([]);
    }
  });
});
