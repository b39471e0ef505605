/**
 * End to end on the Temporal dev server over real HTTP, on a compressed clock (a day lasts 200 ms): one
 * person present on LivePerson, Genesys Cloud, the chatbot and Zendesk, erased everywhere by one erasure. Their
 * open conversations end on day 3, a Genesys recording's legal hold is lifted on day 8. At the end no
 * simulator holds their personal data, every bystander is intact, and no platform call broke a rule.
 */
import { describe, expect, it } from 'vitest';
import { serializeCertificate, verifyCertificate } from '../../src/certificate/signing';
import type { SignedCertificate } from '../../src/domain/certificate';
import { WarehouseTableSchema } from '../../src/domain/warehouse';
import { LOCAL_CERT_SIGNER } from '../../src/local/local-keys';
import { DuckDbDatabase } from '../../src/warehouse/duckdb';
import { Warehouse } from '../../src/warehouse/warehouse';
import { progressQuery } from '../../src/workflows/definitions';
import { devServerSuite, E2E_DAY_MS } from '../helpers/dev-server-suite';
import { endActive, leftBehind, platformsOf, seedEverywhere } from '../helpers/everywhere';
import { privacySweep } from '../helpers/privacy-sweep';
import { waitUntil } from '../helpers/temporal';

const DAY = E2E_DAY_MS;
let warehouseDb: DuckDbDatabase | undefined;
/** An embedded warehouse with copies of conversation exports (delete) and CRM contacts (redact). */
async function openWarehouse(): Promise<Warehouse> {
  const db = await DuckDbDatabase.open('duckdb');
  await db.run('CREATE TABLE chat_exports (conversation_id TEXT, customer_email TEXT, body TEXT)');
  await db.run('CREATE TABLE crm_contacts (email TEXT, phone TEXT, full_name TEXT, segment TEXT)');
  warehouseDb = db;
  return new Warehouse([
    {
      db,
      tables: [
        WarehouseTableSchema.parse({
          table: 'chat_exports',
          match: { conversation_id: ['liveperson.conversation'], customer_email: ['email'] },
          action: { type: 'delete' },
        }),
        WarehouseTableSchema.parse({
          table: 'crm_contacts',
          match: { email: ['email'], phone: ['phone'] },
          action: { type: 'redact', columns: ['email', 'phone', 'full_name'] },
        }),
      ],
    },
  ]);
}
const suite = devServerSuite({
  platforms: ['liveperson', 'genesys', 'chatbot', 'zendesk'],
  warehouse: openWarehouse,
});
/** Every personal value seeded for the subject, gathered by the first test for the privacy sweep. */
const seeded: string[] = [];

describe('one person on all four platforms, on the dev server', () => {
  it('is erased from every platform, with per-platform progress and results', async () => {
    const { x } = suite;
    const g = x.genesys;
    const c = x.chatbot;
    const z = x.zendesk;
    if (!g || !c || !z) throw new Error('simulators missing');
    const platforms = platformsOf(x);
    const subject = await seedEverywhere(platforms, 'everywhere');
    seeded.push(
      ...subject.liveperson.personalValues,
      ...(subject.genesys?.personalValues ?? []),
      subject.chatbot?.uciValue ?? '',
      ...(subject.seeded.on.zendesk?.personalValues ?? []),
      ...subject.request.identifiers.map((i) => i.value),
      subject.request.subjectKey,
      subject.liveperson.consumerId,
      'Ada Lovelace',
    );
    const db = warehouseDb as DuckDbDatabase;
    const [workEmail, homeEmail] = subject.request.identifiers.map((i) => i.value);
    const convs = subject.liveperson.closedConversationIds;
    await db.run('INSERT INTO chat_exports VALUES ($1, NULL, $2), ($3, $4, $5), ($6, $7, $8)', [
      convs[0] ?? '',
      'exported transcript',
      'conv-unknown',
      homeEmail ?? '',
      'by email',
      'conv-bystander',
      'grace@example.org',
      'not hers',
    ]);
    await db.run('INSERT INTO crm_contacts VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)', [
      workEmail ?? '',
      subject.liveperson.personalValues[2] ?? '',
      'Ada Lovelace',
      'vip',
      'grace@example.org',
      '+447700900999',
      'Grace Hopper',
      'new',
    ]);
    const before = await leftBehind(platforms, subject);
    expect(Object.values(before.remaining).every((n) => n > 0)).toBe(true);

    const { result, midway } = await x.run(async () => {
      const { handle } = await x.client.start(subject.request);
      const timers = [setTimeout(() => void endActive(platforms, subject), 3 * DAY)];
      try {
        // Just after discovery, whatever the machine's speed: Genesys has shown nothing held yet.
        const midway = await waitUntil(
          async () => {
            const p = await handle.query(progressQuery);
            return (p.platforms.genesys?.discovered ?? 0) > 0 ? p : undefined;
          },
          60_000,
          'Genesys discovery',
        );
        // The org lets its recording go only once Lethe reports it held (seen after COMPLETED): the
        // order of events is the test's, whatever the machine's speed.
        await waitUntil(
          async () => ((await handle.query(progressQuery)).platforms.genesys?.held ? true : undefined),
          60_000,
          'the kept recording to be reported held',
        );
        await g.admin.releaseRecording(subject.genesys?.heldRecordingId ?? '');
        // A copy that lands in the warehouse after its first clean-up: the late-copy pass finds it.
        await waitUntil(
          async () =>
            (await handle.query(progressQuery)).phase === 'cleaning_downstream' ? true : undefined,
          60_000,
          'the first warehouse clean-up',
        );
        await db.run('INSERT INTO chat_exports VALUES ($1, NULL, $2)', [convs[1] ?? '', 'late export']);
        return { result: await handle.result(), midway };
      } finally {
        for (const t of timers) clearTimeout(t);
      }
    });

    expect(Object.keys(midway.platforms).sort()).toEqual(['chatbot', 'genesys', 'liveperson', 'zendesk']);
    // No hold is visible at discovery (Genesys publishes no hold field): only after its request completed.
    expect(midway.platforms.genesys?.held).toBe(0);
    expect(result.outcome).toBe('completed');
    for (const p of ['liveperson', 'genesys', 'chatbot', 'zendesk'] as const) {
      const r = result.platforms[p];
      expect(r?.failure).toBeUndefined();
      expect(r?.stillPresent).toEqual([]);
      expect(r?.failedBatches).toEqual([]);
      expect(Object.values(r?.erased ?? {}).flat().length).toBeGreaterThan(0);
    }
    // Seen still there after its request COMPLETED, held with the platform's reason, then gone once let go.
    expect(result.platforms.genesys?.held[0]).toMatchObject({
      reason: expect.stringMatching(/kept by Genesys Cloud after its GDPR request completed/),
      releasedAt: expect.any(String),
    });
    // Warehouse: the subject's rows gone or redacted, the late copy caught, the bystander kept.
    expect(
      result.downstream.map((p) => [p.pass, p.tables.map((t) => [t.table, t.action, t.rows, t.remaining])]),
    ).toEqual([
      [
        'after_platforms',
        [
          ['chat_exports', 'delete', 2, 0],
          ['crm_contacts', 'redact', 1, 0],
        ],
      ],
      [
        'late_copies',
        [
          ['chat_exports', 'delete', 1, 0],
          ['crm_contacts', 'redact', 0, 0],
        ],
      ],
    ]);
    expect(await db.rows('SELECT conversation_id FROM chat_exports')).toEqual([
      { conversation_id: 'conv-bystander' },
    ]);
    expect(await db.rows('SELECT email, full_name, segment FROM crm_contacts ORDER BY segment')).toEqual([
      { email: 'grace@example.org', full_name: 'Grace Hopper', segment: 'new' },
      { email: '[erased]', full_name: '[erased]', segment: 'vip' },
    ]);
    expect(result.certificate?.certificate.downstream).toEqual(result.downstream);
    expect(result.platforms.chatbot?.retained.length).toBeGreaterThan(0);
    expect(result.platforms.genesys?.retained.length).toBeGreaterThan(0);
    expect(result.platforms.zendesk?.retained.length).toBeGreaterThan(0);

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
      ...(subject.seeded.on.zendesk?.personalValues ?? []),
      ...subject.request.identifiers.map((i) => i.value),
    ];
    for (const value of values) expect(file).not.toContain(value);
    expect(result.certificate?.certificate.systems.genesys?.held[0]?.releasedAt).toBeDefined();

    const after = await leftBehind(platforms, subject);
    expect(after).toEqual({
      remaining: { liveperson: 0, genesys: 0, chatbot: 0, zendesk: 0 },
      bystandersIntact: true,
    });
    for (const admin of [x.admin, g.admin, c.admin, z.admin]) {
      const { entries, violations } = await admin.journal();
      expect(entries.length).toBeGreaterThan(0);
      expect(violations).toEqual([]);
    }
  });

  it('leaves no seeded identifier in any history, search attribute, memo or log line (privacy sweep)', async () => {
    expect(seeded.length).toBeGreaterThan(5);
    suite.remember(seeded);
    const client = suite.env.client;
    // Control: decoded through the codec, the erasure's result does name the subject; stored, nothing does.
    const erasures: string[] = [];
    for await (const w of client.workflow.list({ query: "WorkflowType = 'erasure'" }))
      erasures.push(w.workflowId);
    expect(JSON.stringify(await client.workflow.getHandle(erasures[0] ?? '').result())).toContain(seeded[0]);
    expect(suite.logLines.length).toBeGreaterThan(10);
    const { workflows, findings } = await privacySweep(client, seeded, suite.logLines);
    expect(workflows).toBeGreaterThanOrEqual(2); // the erasure and the LivePerson governor
    expect(findings).toEqual([]);
  });
});
