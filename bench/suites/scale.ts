/**
 * `npm run bench -- --only scale`: erasures started in waves until LETHE_BENCH_SCALE_TOTAL (default
 * 10,000) are in flight, asleep in their 30-day window on the standard profile, on ONE worker process
 * (src/worker.ts, the production wiring, default limits) against a dev server keeping its SQLite
 * database in a file and the LivePerson simulator. Then the same waves of a trivial sleeping workflow on
 * a baseline worker process with the same limits, for the ratios. Per wave: starts/s, seconds until all
 * were asleep, worker and server RSS, database size.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { ErasureClient } from '../../src/client';
import { ENVIRONMENT, loadConfig } from '../../src/config';
import { historyStats } from '../../src/local/history-stats';
import { LOCAL_CODEC_KEYS, LOCAL_HMAC_KEY } from '../../src/local/local-keys';
import { installQuietRuntime } from '../../src/local/quiet-runtime';
import { LivePersonAdminClient } from '../../src/simulator/liveperson/admin-client';
import { startLivePersonSimulator } from '../../src/simulator/liveperson/server';
import { workflowBundleOptions } from '../../src/workflow-bundle';
import { governorStatusQuery, governorWorkflowId } from '../../src/workflows/definitions';
import { type Figure, round } from '../figures';
import { BASELINE_SLEEPING } from '../scale/baseline-status';
import { asleepQuery } from '../scale/baseline-workflow';
import { readHistories } from '../scale/histories';
import { seedPopulation } from '../scale/population';
import { freePort } from '../scale/ports';
import { type BenchProcess, cachedWorkflows, startNodeProcess } from '../scale/processes';
import { type ProbeFigures, startQueryProbe } from '../scale/query-probe';
import { openScaleServer } from '../scale/server';

const setting = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

/** Start calls in flight at once: a service handing Lethe its requests as they come. */
const START_CONCURRENCY = 20;
/** The account's quota, raised as its account team would for this volume (100 ids a request). */
const MONTHLY_QUOTA = 2_000;
/** Phases in which an erasure sleeps: queued at its governor, or in its verification window. */
const ASLEEP = ['submitting', 'awaiting_platform'];
const ENDED = ['completed', 'incomplete', 'failed', 'cancelled'];

interface Wave {
  readonly inFlight: number;
  readonly startsPerS: number;
  readonly startSeconds: number;
  readonly asleepAfterS: number;
  readonly workerRssMb: number;
  readonly serverRssMb: number;
  readonly databaseMb: number;
  readonly cached: number;
}

export async function scaleSuite(): Promise<Figure[]> {
  const total = setting('LETHE_BENCH_SCALE_TOTAL', 10_000);
  const waveSize = Math.min(total, setting('LETHE_BENCH_SCALE_WAVE', 1_000));
  const waveTimeoutMs = setting('LETHE_BENCH_SCALE_WAVE_TIMEOUT_S', 1_800) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'lethe-scale-'));
  const bundleFile = join(dir, 'bundle.js');
  // The baseline's own bundle: only the trivial workflow (see bench/scale/baseline-workflow.ts).
  installQuietRuntime('ERROR');
  const baselineBundle = await bundleWorkflowCode(
    workflowBundleOptions({
      workflowsPath: join(__dirname, '..', 'scale', 'baseline-workflow.ts'),
      logger: new DefaultLogger('ERROR'),
    }),
  );
  writeFileSync(bundleFile, baselineBundle.code);
  const server = await openScaleServer(dir);
  const sim = await startLivePersonSimulator({ monthlyQuota: MONTHLY_QUOTA });
  const admin = new LivePersonAdminClient(sim.url);
  const o = sim.context.options;
  const common = {
    [ENVIRONMENT.temporalAddress]: server.address,
    [ENVIRONMENT.temporalNamespace]: server.namespace,
    [ENVIRONMENT.logLevel]: 'error',
  };
  const workerEnv: Record<string, string> = {
    ...common,
    [ENVIRONMENT.taskQueue]: 'bench-scale',
    [ENVIRONMENT.subjectHmacKey]: LOCAL_HMAC_KEY.reveal(),
    [ENVIRONMENT.codecKeys]: LOCAL_CODEC_KEYS.reveal(),
    [ENVIRONMENT.certSigningKey]: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    [ENVIRONMENT.certKeyId]: 'bench-scale',
    [ENVIRONMENT.livepersonAccountId]: o.accountId,
    [ENVIRONMENT.livepersonDomainApiUrl]: sim.url,
    [ENVIRONMENT.livepersonClientId]: o.clientId,
    [ENVIRONMENT.livepersonClientSecret]: o.clientSecret,
    [ENVIRONMENT.livepersonMonthlyQuota]: String(MONTHLY_QUOTA),
  };
  const serverRss = (): number => server.rssMb();
  const databaseMb = (): Promise<number> => server.databaseMb();
  const client = await ErasureClient.connect(loadConfig({ ...workerEnv }));
  const temporal = client.temporal;
  const count = async (query: string): Promise<number> => (await temporal.workflow.count(query)).count;
  let worker: BenchProcess | undefined;
  let control: BenchProcess | undefined;
  try {
    // --- erasures ---
    const health = `127.0.0.1:${await freePort()}`;
    worker = startNodeProcess('src/worker.ts', { ...workerEnv, [ENVIRONMENT.healthAddress]: health });
    await waitReady(`http://${health}`);
    const idleRss = worker.rssMb();
    const ids: string[] = [];
    const waves: Wave[] = [];
    const governorId = governorWorkflowId('liveperson', o.accountId);
    // The control of the query probe: a trivial idle workflow with a query, on a process of its own.
    const controlHealth = `127.0.0.1:${await freePort()}`;
    control = startNodeProcess('bench/scale/baseline-worker.ts', {
      ...common,
      [ENVIRONMENT.taskQueue]: 'bench-scale-control',
      [ENVIRONMENT.healthAddress]: controlHealth,
      LETHE_WORKER_MAX_CACHED_WORKFLOWS: '10',
      LETHE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '2',
      BENCH_WORKFLOW_BUNDLE: bundleFile,
    });
    await waitReady(`http://${controlHealth}`);
    const controlWorkflow = await temporal.workflow.start('sleepingBaseline', {
      taskQueue: 'bench-scale-control',
      workflowId: 'bench-scale-control',
    });
    await controlWorkflow.query(asleepQuery);
    const probe = startQueryProbe({
      governorQuery: () => temporal.workflow.getHandle(governorId).query(governorStatusQuery),
      controlQuery: () => controlWorkflow.query(asleepQuery),
      governorDescribe: () => temporal.workflow.getHandle(governorId).describe(),
    });
    probe.measuring = true;
    for (let from = 0; from < total; from += waveSize) {
      const requests = await seedPopulation(
        admin,
        from,
        Math.min(waveSize, total - from),
        sim.context.clock.now(),
      );
      const started = Date.now();
      await startAll(requests, async (r) => {
        ids.push((await client.start(r)).workflowId);
      });
      const startSeconds = (Date.now() - started) / 1000;
      const query = `TaskQueue = 'bench-scale' AND LetheStatus IN (${ASLEEP.map((p) => `'${p}'`).join(', ')})`;
      await waitFor(
        async () => (await count(query)) >= ids.length,
        waveTimeoutMs,
        `${ids.length} erasures asleep`,
      );
      waves.push({
        inFlight: ids.length,
        startsPerS: requests.length / startSeconds,
        startSeconds,
        asleepAfterS: (Date.now() - started) / 1000,
        workerRssMb: worker.rssMb(),
        serverRssMb: serverRss(),
        databaseMb: await databaseMb(),
        cached: (await cachedWorkflows(`http://${health}`)) ?? Number.NaN,
      });
      console.error(`scale: ${JSON.stringify(waves.at(-1))}`);
    }
    const answers = await probe.stop();
    await control.stop();
    control = undefined;
    const ended = await count(
      `TaskQueue = 'bench-scale' AND LetheStatus IN (${ENDED.map((p) => `'${p}'`).join(', ')})`,
    );
    const erasureTimeS = waves.reduce((n, w) => n + w.asleepAfterS, 0);
    const erasureRss = worker.rssMb();
    const cachedErasures = (await cachedWorkflows(`http://${health}`)) ?? 0;
    const erasureDbMb = await databaseMb();
    const histories = await readHistories(temporal, ids);
    const governor = await historyStats(temporal, governorId);
    const governorAfter = await temporal.workflow.getHandle(governorId).query(governorStatusQuery);
    await worker.stop();
    worker = undefined;

    // --- the baseline: trivial sleeping workflows, same waves, same limits ---
    const baselineHealth = `127.0.0.1:${await freePort()}`;
    worker = startNodeProcess('bench/scale/baseline-worker.ts', {
      ...common,
      [ENVIRONMENT.taskQueue]: 'bench-scale-baseline',
      [ENVIRONMENT.healthAddress]: baselineHealth,
      LETHE_WORKER_MAX_CACHED_WORKFLOWS: process.env.LETHE_WORKER_MAX_CACHED_WORKFLOWS ?? '500',
      LETHE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS:
        process.env.LETHE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ?? '40',
      BENCH_WORKFLOW_BUNDLE: bundleFile,
    });
    await waitReady(`http://${baselineHealth}`);
    const baselineIdleRss = worker.rssMb();
    const dbBeforeBaseline = await databaseMb();
    const baselineIds: string[] = [];
    let baselineTimeS = 0;
    for (let from = 0; from < total; from += waveSize) {
      const n = Math.min(waveSize, total - from);
      const started = Date.now();
      await startAll(
        Array.from({ length: n }, (_, i) => `baseline-${from + i}`),
        async (workflowId) => {
          await temporal.workflow.start('sleepingBaseline', {
            taskQueue: 'bench-scale-baseline',
            workflowId,
          });
          baselineIds.push(workflowId);
        },
      );
      const query = `TaskQueue = 'bench-scale-baseline' AND LetheStatus = '${BASELINE_SLEEPING}'`;
      await waitFor(
        async () => (await count(query)) >= baselineIds.length,
        waveTimeoutMs,
        'baselines asleep',
      );
      baselineTimeS += (Date.now() - started) / 1000;
    }
    const baselineRss = worker.rssMb();
    const cachedBaselines = (await cachedWorkflows(`http://${baselineHealth}`)) ?? 0;
    const baselineHistories = await readHistories(temporal, baselineIds);
    const baselineDbMb = (await databaseMb()) - dbBeforeBaseline;

    const perCachedErasureMb = (erasureRss - idleRss) / Math.max(1, cachedErasures);
    const perCachedBaselineMb = (baselineRss - baselineIdleRss) / Math.max(1, cachedBaselines);
    const erasureEventsPerS = histories.events / erasureTimeS;
    const baselineEventsPerS = baselineHistories.events / baselineTimeS;
    const startsPerS = ids.length / waves.reduce((n, w) => n + w.startSeconds, 0);
    return [
      ...waves.flatMap((w, i) => waveFigures(i + 1, w)),
      { name: 'in_flight', value: ids.length, unit: 'erasures started' },
      { name: 'ended_early', value: ended, unit: 'erasures ended before their window (must be 0)' },
      { name: 'worker_rss_mb', value: round(erasureRss), unit: `MB worker RSS at ${ids.length} in flight` },
      {
        name: 'worker_rss_per_1000_mb',
        value: round((erasureRss / ids.length) * 1000),
        unit: 'MB per 1,000 in flight',
      },
      {
        name: 'cached_erasures',
        value: cachedErasures,
        unit: 'erasures in the worker cache (the setting bounds it)',
      },
      { name: 'per_cached_erasure_mb', value: round(perCachedErasureMb), unit: 'MB per cached erasure' },
      {
        name: 'per_cached_baseline_mb',
        value: round(perCachedBaselineMb),
        unit: 'MB per cached trivial workflow',
      },
      {
        name: 'memory_ratio',
        value: round(perCachedErasureMb / perCachedBaselineMb),
        unit: 'x trivial (goal <= 2)',
      },
      { name: 'events_per_erasure', value: round(histories.events / ids.length), unit: 'history events' },
      {
        name: 'events_per_baseline',
        value: round(baselineHistories.events / baselineIds.length),
        unit: 'history events',
      },
      {
        name: 'erasure_events_per_s',
        value: round(erasureEventsPerS),
        unit: 'history events/s until all asleep',
      },
      {
        name: 'baseline_events_per_s',
        value: round(baselineEventsPerS),
        unit: 'history events/s until all asleep',
      },
      {
        name: 'events_ratio',
        value: round(erasureEventsPerS / baselineEventsPerS),
        unit: 'x trivial (goal >= 0.8)',
      },
      { name: 'database_kb_per_erasure', value: round((erasureDbMb * 1024) / ids.length), unit: 'KB' },
      {
        name: 'database_kb_per_baseline',
        value: round((baselineDbMb * 1024) / baselineIds.length),
        unit: 'KB',
      },
      { name: 'starts_per_s', value: round(startsPerS), unit: 'erasures started a second (all waves)' },
      {
        name: 'peak_wakeups_per_s',
        value: histories.peakWakeupsPerSecond,
        unit: 'erasure timers due in the busiest second',
      },
      {
        name: 'wakeup_seconds',
        value: histories.wakeupSeconds,
        unit: 'distinct seconds with an erasure timer due',
      },
      { name: 'governor_runs', value: governor.runs, unit: 'runs (continue-as-new)' },
      {
        name: 'governor_max_events_per_run',
        value: governor.maxEventsPerRun,
        unit: 'events (server limit 51,200)',
      },
      ...probeFigures('governor_query', answers.governorQuery, "the governor's status query"),
      ...probeFigures('control_query', answers.controlQuery, 'a trivial idle workflow, own process'),
      ...probeFigures('governor_describe', answers.governorDescribe, 'describe of the governor (no worker)'),
      { name: 'governor_sent', value: governorAfter.sentTotal, unit: 'requests sent' },
      {
        name: 'governor_queued_ids',
        value: governorAfter.queuedIds,
        unit: 'ids waiting for a fuller request',
      },
    ];
  } finally {
    await worker?.stop();
    await control?.stop();
    await client.close?.();
    await sim.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A question's latencies while the waves ran: the goal is a second for the governor's query. */
function probeFigures(name: string, p: ProbeFigures | undefined, what: string): Figure[] {
  if (!p) return [];
  return [
    { name: `${name}_p50_ms`, value: p.p50, unit: `ms, ${what}, median under load` },
    { name: `${name}_p95_ms`, value: p.p95, unit: `ms, ${what}, 95th percentile under load` },
    { name: `${name}_max_ms`, value: p.max, unit: `ms, ${what}, slowest under load` },
    {
      name: `${name}_max_at_s`,
      value: p.maxAtS,
      unit: 's after the first wave began: when the slowest was asked',
    },
    { name: `${name}_samples`, value: p.samples, unit: `answers (${p.failures} failed)` },
  ];
}

function waveFigures(n: number, w: Wave): Figure[] {
  return [
    {
      name: `wave${n}.starts_per_s`,
      value: round(w.startsPerS),
      unit: `erasures/s (to ${w.inFlight} in flight)`,
    },
    { name: `wave${n}.asleep_after_s`, value: round(w.asleepAfterS), unit: 's until the whole wave slept' },
    { name: `wave${n}.worker_rss_mb`, value: round(w.workerRssMb), unit: 'MB' },
    { name: `wave${n}.server_rss_mb`, value: round(w.serverRssMb), unit: 'MB' },
    { name: `wave${n}.database_mb`, value: round(w.databaseMb), unit: 'MB' },
    { name: `wave${n}.cached`, value: w.cached, unit: 'workflows in the worker cache' },
  ];
}

/** Runs `fn` over `items`, START_CONCURRENCY at a time. */
async function startAll<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const item = items[next++];
      if (item === undefined) return;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: START_CONCURRENCY }, lane));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`scale: gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function waitReady(healthUrl: string): Promise<void> {
  await waitFor(
    async () => (await fetch(`${healthUrl}/readyz`).catch(() => undefined))?.status === 200,
    180_000,
    'the worker to be ready',
  );
}
