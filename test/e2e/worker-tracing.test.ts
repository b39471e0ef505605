/**
 * OpenTelemetry tracing (src/ops/tracing.ts) on the dev server: a worker with the SDK's OpenTelemetry
 * plugin runs an erasure to its end, and an in-memory exporter receives the workflow's spans (through the
 * sink, from inside the sandbox) and the activities' spans, each activity a child of the workflow span
 * that scheduled it. The spans hold ids and names, never personal data; and the history recorded with
 * tracing replays on the default bundle (without the interceptors), so tracing can be turned on or off.
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Worker } from '@temporalio/worker';
import { Agent } from 'undici';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { Secret } from '../../src/config/secret';
import { LivePersonConnector } from '../../src/connectors/liveperson/connector';
import { LOCAL_CERT_SIGNER, LOCAL_DATA_CONVERTER, LOCAL_HMAC_KEY } from '../../src/local/local-keys';
import { createLogger } from '../../src/ops/logger';
import { createTracing } from '../../src/ops/tracing';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { createLetheWorkers, runWorkersUntil } from '../../src/worker';
import { devServerSuite } from '../helpers/dev-server-suite';

const suite = devServerSuite();
const exporter = new InMemorySpanExporter();
const tracing = createTracing({ exporter, serviceName: 'lethe-test' });
const dispatcher = new Agent();
afterAll(async () => {
  await tracing.shutdown();
  await dispatcher.close();
});

const named = (spans: ReadableSpan[], prefix: string): ReadableSpan[] =>
  spans.filter((s) => s.name.startsWith(prefix));

describe('tracing with the OpenTelemetry plugin', () => {
  it('exports workflow and activity spans of an erasure, activities parented by their workflow', async () => {
    const { sim, admin, client, taskQueue } = suite.x;
    const o = sim.context.options;
    const subject = await seedDemoSubject(admin, o.accountId, 'traced');
    const personal = [...subject.personalValues, subject.consumerId, subject.bystanderValue];
    suite.remember(personal);
    await admin.closeConversation(subject.activeConversationId);
    const connector = new LivePersonConnector({
      auth: {
        accountId: o.accountId,
        domainApiUrl: sim.url,
        clientId: o.clientId,
        clientSecret: new Secret(o.clientSecret),
      },
      dispatcher,
      timeoutMs: 5_000,
    });
    // No workflowBundle: bundled once at start for both workers, the plugin's workflow interceptors included.
    const workers = await createLetheWorkers({
      connection: suite.env.nativeConnection,
      namespace: suite.env.namespace ?? 'default',
      taskQueue,
      activities: createActivities({
        connectors: { liveperson: connector },
        logger: createLogger('silent'),
        certificates: { signer: LOCAL_CERT_SIGNER, digestKey: LOCAL_HMAC_KEY },
      }),
      dataConverter: LOCAL_DATA_CONVERTER,
      plugins: [tracing.plugin],
    });
    const { handle } = await client.start(subject.request);
    const result = await runWorkersUntil(workers, () => handle.result());
    expect(result.outcome).toBe('completed');

    const spans = exporter.getFinishedSpans();
    const [erasure] = named(spans, 'RunWorkflow:erasure');
    expect(erasure?.attributes).toMatchObject({ workflowId: handle.workflowId, workflowType: 'erasure' });
    // The sink copies the workflow's info into its spans; what may hold payloads is withheld.
    for (const key of ['memo', 'lastResult', 'searchAttributes', 'typedSearchAttributes', 'unsafe'])
      expect(erasure?.attributes).not.toHaveProperty(key);
    const starts = named(spans, 'StartActivity:').filter(
      (s) => s.spanContext().traceId === erasure?.spanContext().traceId,
    );
    const runs = named(spans, 'RunActivity:');
    expect(starts.length).toBeGreaterThan(0);
    // Every activity the erasure scheduled ran in a span whose parent is the workflow's StartActivity span.
    for (const start of starts) {
      const activity = start.name.slice('StartActivity:'.length);
      const run = runs.find((r) => r.parentSpanId === start.spanContext().spanId);
      expect(run?.name).toBe(`RunActivity:${activity}`);
      expect(run?.spanContext().traceId).toBe(start.spanContext().traceId);
    }
    expect(spans.every((s) => s.resource.attributes['service.name'] === 'lethe-test')).toBe(true);
    const exported = JSON.stringify(
      spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })),
    );
    for (const value of personal) expect(exported).not.toContain(value);

    // Recorded with tracing, replayed without: the interceptors change no command.
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: LOCAL_DATA_CONVERTER },
      await handle.fetchHistory(),
      handle.workflowId,
    );
  });
});
