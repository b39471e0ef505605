import { Agent } from 'undici';
import { ErasureClient } from '../client';
import { loadConfig, timingOf } from '../config';
import { configuredPlatforms, createConnectors } from '../connectors/registry';
import type { ErasureProgress, ErasureResult } from '../domain/progress';
import { startDevServer } from '../local/dev-server';
import { createLogger } from '../logger';
import { LivePersonAdminClient } from '../simulator/liveperson/admin-client';
import { startLivePersonSimulator } from '../simulator/liveperson/server';
import { createErasureWorker } from '../worker';
import { seedDemoSubject } from './scenario';

/**
 * The demo: a local Temporal dev server with its Web UI, the LivePerson simulator and a worker, all on
 * embedded defaults; one subject erased on a compressed clock (a day lasts LETHE_DAY_MS, default 1 s).
 * `--keep` leaves everything running afterwards so the Web UI can be explored.
 */
async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const uiPort = Number(process.env.LETHE_DEMO_UI_PORT ?? 8233);
  const dayMs = Number(process.env.LETHE_DAY_MS ?? 1000);
  const sim = await startLivePersonSimulator({ graceMs: 5 * dayMs, processingMs: 20 * dayMs });
  const admin = new LivePersonAdminClient(sim.url);
  const dispatcher = new Agent();
  console.log(`LivePerson simulator: ${sim.url} (admin API under /admin)`);
  const env = await startDevServer({ uiPort });
  try {
    console.log(`Temporal dev server: ${env.address}   Web UI: http://127.0.0.1:${uiPort}`);
    const config = loadConfig(process.env, {
      temporal: { address: env.address, namespace: env.namespace ?? 'default', taskQueue: 'lethe-demo' },
      timeProfile: 'compressed',
      dayMs,
      logLevel: 'warn',
      // A demo-only key; real deployments set LETHE_SUBJECT_HMAC_KEY.
      subjectHmacKey: 'demo-only-subject-hmac-key-0123456789abcdef',
      liveperson: {
        accountId: sim.context.options.accountId,
        domainApiUrl: sim.url,
        clientId: sim.context.options.clientId,
        clientSecret: sim.context.options.clientSecret,
      },
    });
    const worker = await createErasureWorker({
      connection: env.nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      connectors: createConnectors(config, dispatcher),
      logger: createLogger(config.logLevel),
    });
    const client = new ErasureClient({
      client: env.client,
      taskQueue: config.temporal.taskQueue,
      subjectHmacKey: config.subjectHmacKey,
      configuredSystems: configuredPlatforms(config),
      timing: timingOf(config),
    });

    await worker.runUntil(async () => {
      const subject = await seedDemoSubject(admin, sim.context.options.accountId);
      console.log(
        'Seeded: 2 emails, 4 closed conversations, 1 open conversation, 1 chat engagement, 1 consumer profile',
      );
      const started = await client.start(subject.request);
      console.log(`Erasure started: ${started.workflowId}`);
      console.log(
        `  watch it: http://127.0.0.1:${uiPort}/namespaces/${config.temporal.namespace}/workflows/${started.workflowId}`,
      );
      // The open conversation ends three (compressed) days later.
      const closer = setTimeout(() => void admin.closeConversation(subject.activeConversationId), 3 * dayMs);
      const result = await watch(client, started.workflowId, started.handle.result());
      clearTimeout(closer);
      printResult(result);
      const left = await admin.remaining(subject.personalValues);
      const bystander = await admin.remaining([subject.bystanderValue]);
      const { violations } = await admin.journal();
      console.log(`Personal data of the subject left on the platform: ${left.length} records`);
      console.log(`Bystander's data untouched: ${bystander.length > 0 ? 'yes' : 'NO'}`);
      console.log(`Platform calls that broke a contract rule: ${violations.length}`);
    });
    if (keep) {
      console.log('Still running (--keep); press Ctrl-C to stop.');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await env.teardown();
    await sim.close();
    await dispatcher.close();
  }
}

/** Prints the progress whenever it changes, until the result arrives. */
async function watch(
  client: ErasureClient,
  workflowId: string,
  result: Promise<ErasureResult>,
): Promise<ErasureResult> {
  let done = false;
  void result.finally(() => {
    done = true;
  });
  let last = '';
  while (!done) {
    const line = describe(await client.progress(workflowId).catch(() => undefined));
    if (line && line !== last) console.log(`  ${line}`);
    last = line ?? last;
    await Promise.race([result, new Promise((r) => setTimeout(r, 250))]).catch(() => undefined);
  }
  return result;
}

function describe(p: ErasureProgress | undefined): string | undefined {
  const lp = p?.platforms.liveperson;
  if (!p || !lp) return undefined;
  return `${p.phase.padEnd(18)} discovered ${lp.discovered}  active ${lp.active}  submitted ${lp.submitted}  confirmed ${lp.confirmed}  remaining ${lp.remaining}`;
}

function printResult(r: ErasureResult): void {
  console.log(`Result: ${r.outcome} at ${r.finishedAt}`);
  const lp = r.platforms.liveperson;
  if (!lp) return;
  for (const [kind, ids] of Object.entries(lp.erased)) console.log(`  erased ${kind}: ${ids.length}`);
  for (const req of lp.requests) {
    const checks = req.verifications.map((v) => `${v.requestStatus}/${v.present} present`).join(', ');
    console.log(`  request ${req.requestId} (${req.kind}, ${req.ids.length} ids): ${checks}`);
  }
  if (lp.stillPresent.length > 0) console.log(`  still present: ${lp.stillPresent.length}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
