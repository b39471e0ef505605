import type { ErasureClient } from '../client';
import { seedDemoSubject } from '../demo/scenario';
import type { ErasureProgress, ErasureResult } from '../domain/progress';
import { timingForDay } from '../domain/timing';
import { startDevServer } from '../local/dev-server';
import { installQuietRuntime } from '../local/quiet-runtime';
import { startLocalStack } from '../local/stack';

/**
 * The demo: a local Temporal dev server with its Web UI, the LivePerson simulator and a worker, all on
 * embedded defaults; one subject erased on a compressed clock (a day lasts LETHE_DAY_MS, default 1 s).
 * `--keep` leaves everything running afterwards so the Web UI can be explored.
 */
async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const uiPort = Number(process.env.LETHE_DEMO_UI_PORT ?? 8233);
  const dayMs = Number(process.env.LETHE_DAY_MS ?? 1000);
  installQuietRuntime('WARN');

  const env = await startDevServer({ uiPort });
  const stack = await startLocalStack(env, {
    timing: timingForDay(dayMs),
    clock: 'real',
    simulator: { graceMs: 5 * dayMs, processingMs: 20 * dayMs },
    taskQueue: 'lethe-demo',
    governed: true,
  });
  try {
    const ui = `http://127.0.0.1:${uiPort}`;
    console.log(`Temporal dev server ${env.address}, Web UI ${ui}`);
    console.log(`LivePerson simulator ${stack.sim.url} (admin API under /admin)`);
    console.log(
      `A day lasts ${dayMs} ms: the 5-day grace period and 20-day processing take ${(25 * dayMs) / 1000} s.`,
    );

    await stack.run(async () => {
      const subject = await seedDemoSubject(stack.admin, stack.sim.context.options.accountId);
      console.log(
        'Seeded one subject: 2 emails, 4 closed conversations, 1 open one, 1 chat engagement, 1 consumer profile.',
      );
      const started = await stack.client.start(subject.request);
      console.log(`Erasure ${started.workflowId}`);
      console.log(
        `  in the Web UI: ${ui}/namespaces/${env.namespace ?? 'default'}/workflows/${started.workflowId}`,
      );
      // The open conversation ends three (compressed) days later.
      const closer = setTimeout(
        () => void stack.admin.closeConversation(subject.activeConversationId),
        3 * dayMs,
      );
      const result = await watch(stack.client, started.workflowId, started.handle.result()).finally(() =>
        clearTimeout(closer),
      );
      printResult(result);
      const left = await stack.admin.remaining(subject.personalValues);
      const bystander = await stack.admin.remaining([subject.bystanderValue]);
      const { violations } = await stack.admin.journal();
      console.log(`Records still holding the subject's personal data on the platform: ${left.length}`);
      console.log(`Bystander's data untouched: ${bystander.length > 0 ? 'yes' : 'NO'}`);
      console.log(`Platform calls that broke a rule of the contract: ${violations.length}`);
    });
    if (keep) {
      console.log(`Still running (--keep): explore ${ui}; press Ctrl-C to stop.`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await stack.close();
    await env.teardown();
  }
}

/** Prints the progress whenever it changes, until the result arrives. */
async function watch(
  client: ErasureClient,
  workflowId: string,
  result: Promise<ErasureResult>,
): Promise<ErasureResult> {
  let done = false;
  result.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  let last = '';
  while (!done) {
    const line = describe(await client.progress(workflowId).catch(() => undefined));
    if (line && line !== last) console.log(`  ${line}`);
    last = line ?? last;
    await new Promise((r) => setTimeout(r, 200));
  }
  return result;
}

function describe(p: ErasureProgress | undefined): string | undefined {
  const lp = p?.platforms.liveperson;
  if (!p || !lp) return undefined;
  const counts = `discovered ${lp.discovered}  active ${lp.active}  submitted ${lp.submitted}  confirmed ${lp.confirmed}  remaining ${lp.remaining}`;
  return `${p.phase.padEnd(18)} ${counts}`;
}

function printResult(r: ErasureResult): void {
  console.log(`Result: ${r.outcome} at ${r.finishedAt}`);
  const lp = r.platforms.liveperson;
  if (!lp) return;
  for (const [kind, ids] of Object.entries(lp.erased)) console.log(`  erased ${kind}: ${ids.length}`);
  for (const req of lp.requests) {
    const checks = req.verifications.map((v) => `${v.requestStatus}(${v.present} present)`).join(' → ');
    console.log(`  request ${req.requestId} ${req.kind} × ${req.ids.length}: ${checks}`);
  }
  if (lp.stillPresent.length > 0) console.log(`  still present: ${lp.stillPresent.length}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
