/**
 * Lethe in its production shape on a real Temporal cluster (scripts/cluster.sh: the server and its schema
 * tool built from source at the compose file's version, PostgreSQL for persistence and visibility, the
 * compose schema and namespace jobs): two worker processes (`npx tsx src/worker.ts`, configured by the
 * environment only) erase one person from LivePerson, Genesys Cloud and the chatbot on a compressed
 * clock; the codec server in production mode decodes that erasure's history for a valid operator token
 * only; and nothing Temporal stored, in its API or in PostgreSQL's files, holds the person's data.
 */
import { relative } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeCertificate, verifyCertificate } from '../../src/certificate/signing';
import type { SignedCertificate } from '../../src/domain/certificate';
import { governorWorkflowId, progressQuery } from '../../src/workflows/definitions';
import { endActive, leftBehind, seedEverywhere } from '../helpers/everywhere';
import { privacySweep } from '../helpers/privacy-sweep';
import { waitUntil } from '../helpers/temporal';
import { filesUnder, scan, valuesFound } from '../helpers/warehouse-scan';
import { type ProductionCodecServer, startProductionCodecServer } from './helpers/codec-server';
import { type ClusterDeployment, startDeployment } from './helpers/deployment';
import { activityRuns, pidOf } from './helpers/history';

/** A compressed day: the 30-day verification window takes 12 s, the hard stop (90 days) 36 s. */
const DAY_MS = 400;
const ACCOUNT = 'clustere2e';

let d: ClusterDeployment;
let codec: ProductionCodecServer | undefined;
/** The erasure of the first test, which the others read back. */
let erasureId = '';
/** Every personal value seeded, for the privacy checks. */
const seeded: string[] = [];

beforeAll(async () => {
  d = await startDeployment({ accountId: ACCOUNT, taskQueue: `cluster-e2e-${process.pid}`, dayMs: DAY_MS });
});
afterAll(async () => {
  await codec?.close();
  await d?.close();
});

describe('one person on all three platforms, erased on the cluster by two worker processes', () => {
  it('is erased everywhere, bystanders kept, no platform rule broken, by both workers', async () => {
    const platforms = d.platforms.admins;
    const subject = await seedEverywhere(platforms, 'cluster');
    seeded.push(
      ...subject.liveperson.personalValues,
      ...(subject.genesys?.personalValues ?? []),
      subject.chatbot?.uciValue ?? '',
      ...subject.request.identifiers.map((i) => i.value),
      subject.request.subjectKey,
      subject.liveperson.consumerId,
    );
    const before = await leftBehind(platforms, subject);
    expect(Object.values(before.remaining).every((n) => n > 0)).toBe(true);

    const { handle, workflowId } = await d.client.start(subject.request);
    erasureId = workflowId;
    // Once every platform has found the person's records, what is still going on ends (the waits are
    // on the erasure's own progress, whatever the machine's speed).
    const midway = await waitUntil(
      async () => {
        const p = await handle.query(progressQuery);
        const found = ['liveperson', 'genesys', 'chatbot'] as const;
        return found.every((k) => (p.platforms[k]?.discovered ?? 0) > 0) ? p : undefined;
      },
      120_000,
      'discovery on every platform',
    );
    await endActive(platforms, subject);
    // The org lets its kept recording go once Lethe reports it held (seen after its request COMPLETED).
    await waitUntil(
      async () => ((await handle.query(progressQuery)).platforms.genesys?.held ? true : undefined),
      120_000,
      'the kept recording to be reported held',
    );
    await platforms.genesys.releaseRecording(subject.genesys?.heldRecordingId ?? '');
    const result = await handle.result();

    expect(midway.platforms.genesys?.held).toBe(0);
    expect(result.outcome).toBe('completed');
    for (const p of ['liveperson', 'genesys', 'chatbot'] as const) {
      const r = result.platforms[p];
      expect(r?.failure, p).toBeUndefined();
      expect(r?.stillPresent, p).toEqual([]);
      expect(r?.failedBatches, p).toEqual([]);
      expect(Object.values(r?.erased ?? {}).flat().length, p).toBeGreaterThan(0);
    }
    expect(result.platforms.genesys?.held[0]?.releasedAt).toBeDefined();
    // Signed by this deployment's key (LETHE_CERT_SIGNING_KEY), naming no identifier.
    const file = serializeCertificate(result.certificate as SignedCertificate);
    expect(verifyCertificate(file, d.keys.certificatePublicKeyPem)).toMatchObject({
      valid: true,
      keyId: d.keys.certificateKeyId,
    });
    for (const value of seeded) expect(file).not.toContain(value);

    // The simulators: nothing of the person left, every bystander intact, no call broke a rule, and
    // every LivePerson request the platform holds is one create the journal saw answered.
    expect(await leftBehind(platforms, subject)).toEqual({
      remaining: { liveperson: 0, genesys: 0, chatbot: 0 },
      bystandersIntact: true,
    });
    const journals = {
      liveperson: await platforms.liveperson.journal(),
      genesys: await platforms.genesys.journal(),
      chatbot: await platforms.chatbot.journal(),
    };
    for (const [name, journal] of Object.entries(journals)) {
      expect(journal.entries.length, name).toBeGreaterThan(0);
      expect(journal.violations, name).toEqual([]);
    }
    const creates = journals.liveperson.entries.filter(
      (e) => e.method === 'POST' && /\/personal-data-deletion$/.test(e.path) && e.status === 201,
    );
    expect(creates.length).toBe((await platforms.liveperson.requests()).length);
    expect(creates.length).toBeGreaterThanOrEqual(3); // conversations, engagement, consumer

    // Both worker processes ran activities of this erasure or its governor, and nothing else did.
    const runs = [
      ...(await activityRuns(d.client.temporal, workflowId)),
      ...(await activityRuns(d.client.temporal, governorWorkflowId('liveperson', ACCOUNT))),
    ];
    const pids = [...new Set(runs.map((r) => pidOf(r.identity)))];
    const byWorker = d.workers.map((w) => pids.filter((pid) => w.process.owns(pid)));
    expect(byWorker.map((owned) => owned.length)).toEqual([1, 1]);
    expect(pids).toHaveLength(2);
  });

  it('decodes its history through the production codec server for a valid token only', async () => {
    expect(erasureId).not.toBe('');
    codec = await startProductionCodecServer(d);
    expect(codec.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const history = await d.client.temporal.workflow.getHandle(erasureId).fetchHistory();
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    if (!input) throw new Error('the erasure history has no input payload');
    // As stored: ciphertext, the key id in the metadata.
    expect(Buffer.from(input.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
    expect(Buffer.from(input.data ?? []).toString('latin1')).not.toContain(seeded[0]);

    const decoded = await codec.decode([input], codec.token());
    expect(decoded.status).toBe(200);
    const request = JSON.stringify(defaultPayloadConverter.fromPayload(decoded.payloads?.[0] ?? {}));
    expect(request).toContain(seeded[0]);

    for (const token of [undefined, codec.foreignToken(), `${codec.token()}x`]) {
      const refused = await codec.decode([input], token);
      expect(refused.status).toBe(401);
      expect(refused.payloads).toBeUndefined();
    }
    // The refusals are logged with their reason, never the token or a payload.
    const log = codec.process.lines.join('\n');
    expect(log).toContain('codec request refused');
    expect(log).not.toContain(codec.token().split('.')[2]);
  });

  it('left no identifier in Temporal: histories, search attributes, memos, worker logs, database files', async () => {
    expect(erasureId).not.toBe('');
    // Through the API: every workflow's stored history, id, search attributes and memo, and the logs.
    const { workflows, findings } = await privacySweep(d.client.temporal, seeded, d.logLines());
    expect(workflows).toBeGreaterThanOrEqual(2); // the erasure and its governor
    expect(findings).toEqual([]);

    // In PostgreSQL: the erasure is there (persistence and visibility), and once everything is
    // written out to the files, no file of the database holds any seeded value. The erasure's workflow
    // id, stored in plain text, is the control that the files are read at all.
    const db = new pg.Client({ connectionString: d.cluster.postgresUrl });
    const visibility = new pg.Client({ connectionString: d.cluster.visibilityUrl });
    await db.connect();
    await visibility.connect();
    try {
      const executions = await db.query('SELECT count(*)::int AS n FROM executions WHERE workflow_id = $1', [
        erasureId,
      ]);
      expect(executions.rows[0]?.n).toBeGreaterThanOrEqual(1);
      const listed = await visibility.query(
        'SELECT status FROM executions_visibility WHERE workflow_id = $1',
        [erasureId],
      );
      expect(listed.rows).toEqual([{ status: 2 }]); // WORKFLOW_EXECUTION_STATUS_COMPLETED
      await db.query('CHECKPOINT');
    } finally {
      await db.end();
      await visibility.end();
    }
    // The WAL is left out: it is retained until its own rotation (README, Warehouse copies).
    const files = filesUnder(d.cluster.dataDir).filter(
      (f) => !relative(d.cluster.dataDir, f).startsWith('pg_wal'),
    );
    const found = scan(files, [erasureId, ...new Set(seeded.filter((v) => v.length >= 4))]);
    expect(valuesFound(found)).toEqual([0]);
  });
});
