import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ENVIRONMENT } from '../src/config';
import type { PlatformId } from '../src/domain/platforms';
import type { ErasureResult } from '../src/domain/result';
import { timingForDay } from '../src/domain/timing';
import { describeReason } from '../src/domain/verdict';
import { startDevServer } from '../src/local/dev-server';
import { operatorEnvironment } from '../src/local/operator-env';
import { installQuietRuntime } from '../src/local/quiet-runtime';
import type { LocalStack } from '../src/local/stack';
import { tagNumbers } from '../src/simulator/kit/tag-numbers';
import { governorWorkflowId } from '../src/workflows/definitions';
import { platformsOf } from '../test/helpers/everywhere';
import { type PlatformViews, startStack } from '../test/helpers/stack-views';
import { chatbotRepeats, historyFigures, journalFigures } from './collect';
import type { SoakFigures } from './figures';
import type { SoakOptions } from './options';
import { planSoak, type SoakPlan, type SubjectPlan } from './plan';
import { snapshotWorkerCode } from './snapshot';
import { type SoakSubject, scheduleScenario, seedSubject, whatIsLeft } from './subjects';
import { WorkerPool } from './workers';

const PLATFORMS: readonly PlatformId[] = ['liveperson', 'genesys', 'chatbot'];
const TASK_QUEUE = 'lethe-soak';
/**
 * One platform call's timeout in the workers, and how long an injected timeout holds the socket before
 * closing it: the worker gives up first, as it would on a platform that never answers.
 */
const HTTP_TIMEOUT_MS = 3_000;
const FAULT_HOLD_MS = 3_500;
/** How long the workers may take to start (bundling the workflows on a busy machine). */
const WORKERS_READY_MS = 180_000;
const PROGRESS_EVERY_MS = 15_000;

/** How one subject's erasure ended. */
type Ending = 'completed' | 'otherwise' | 'stuck';

/** What the soak's stderr gets: progress and diagnostics, counts and types only. */
export type SoakLog = (line: string) => void;

/**
 * The soak: a dev server, the three simulators in this process with the fault mix injected, `workers`
 * Lethe worker processes, `subjects` seeded people erased while workers are killed with SIGKILL at the
 * plan's moments and restarted; then the figures, from the simulators, their journals and the stored
 * histories. Everything it started is stopped before it returns or throws.
 */
export async function runSoak(options: SoakOptions, log: SoakLog): Promise<SoakFigures> {
  installQuietRuntime('ERROR');
  const plan = planSoak(options, tagNumbers);
  const root = join(__dirname, '..');
  const logDir = join(root, '.lethe', 'soak');
  // The last run's logs and histories only: a run's files must not be read as another's.
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const code = snapshotWorkerCode(root, join(logDir, 'code'));
  log(
    `soak: seed ${options.seed}, ${options.subjects} subjects, ${options.kills} kills, day ${options.dayMs} ms`,
  );
  const env = await startDevServer();
  let stack: (LocalStack & PlatformViews) | undefined;
  let pool: WorkerPool | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await pool?.stop();
      await stack?.close().catch(() => undefined);
      await env.teardown().catch(() => undefined);
    })();
    return stopped;
  };
  activeStop = stop;
  try {
    stack = await startStack(env, {
      timing: timingForDay(options.dayMs),
      clock: 'real',
      taskQueue: TASK_QUEUE,
      governed: true,
      platforms: PLATFORMS,
      httpTimeoutMs: HTTP_TIMEOUT_MS,
    });
    log(`soak: ${plan.subjects.length} subjects (${mixSummary(plan.subjects)})`);
    await injectFaults(stack, options, plan);
    pool = new WorkerPool({
      count: options.workers,
      env: workerEnvironment(env, stack, options.dayMs),
      root: code,
      logDir,
      log,
    });
    await pool.start();
    if (!(await pool.waitReady(options.workers, Date.now() + WORKERS_READY_MS)))
      throw new Error(
        `the worker processes were not ready within ${WORKERS_READY_MS / 1000} s (logs: ${logDir})`,
      );
    log(`soak: ${options.workers} workers ready (logs in ${logDir})`);
    return await erase({ env, stack, pool, plan, options, logDir }, log);
  } finally {
    await stop();
    activeStop = undefined;
  }
}

let activeStop: (() => Promise<void>) | undefined;

/** Stops whatever a running soak started: a signal's handler awaits it before the process exits. */
export function stopSoak(): Promise<void> {
  return activeStop?.() ?? Promise.resolve();
}

/** Everything a started soak works with. */
interface SoakRun {
  readonly env: TestWorkflowEnvironment;
  readonly stack: LocalStack & PlatformViews;
  readonly pool: WorkerPool;
  readonly plan: SoakPlan;
  readonly options: SoakOptions;
  /** Worker logs and kept histories. */
  readonly logDir: string;
}

/** Starts every erasure on the plan's schedule, kills workers meanwhile, and measures the outcome. */
async function erase(run: SoakRun, log: SoakLog): Promise<SoakFigures> {
  const { env, stack, pool, plan, options, logDir } = run;
  const platforms = platformsOf(stack);
  /** Seeded so far (each just before its erasure starts): what the end checks look at. */
  const subjects: SoakSubject[] = [];
  const t0 = Date.now();
  const deadline = t0 + options.timeoutS * 1000;
  const endings: Ending[] = [];
  const workflowIds: string[] = [];
  /** Per chatbot UCI value, the deletes its erasure's result says it sent. */
  const chatbotSubmitted = new Map<string, number>();
  let lastEnd = t0;
  let scenarioErrors = 0;
  const onScenarioError = (what: string): void => {
    scenarioErrors += 1;
    log(`soak: a scenario step failed: ${what}`);
  };
  const progress = setInterval(() => {
    const count = (e: Ending) => endings.filter((x) => x === e).length;
    log(
      `soak: ${Math.round((Date.now() - t0) / 1000)} s: ${workflowIds.length}/${plan.subjects.length} started, ${count('completed')} completed, ${count('otherwise')} ended otherwise; ${pool.kills}/${options.kills} kills; ${pool.readyCount()}/${options.workers} workers ready`,
    );
  }, PROGRESS_EVERY_MS);
  const eraseOne = async (subject: SubjectPlan): Promise<void> => {
    await sleepUntil(t0 + subject.startAtMs);
    const s = await seedSubject(platforms, subject);
    subjects.push(s);
    const started = await stack.client.start(s.seeded.request).catch((err: unknown) => {
      // Never started: it counts as stuck (neither completed nor ended otherwise).
      log(`soak: an erasure could not be started: ${err instanceof Error ? err.name : 'error'}`);
      return undefined;
    });
    if (!started) return;
    workflowIds.push(started.workflowId);
    const cancelScenario = scheduleScenario(s, options.dayMs, onScenarioError);
    const uci = s.seeded.chatbot?.uciValue;
    const ending = await beforeDeadline(
      started.handle.result().then(
        (result) => {
          if (uci) chatbotSubmitted.set(uci, result.platforms.chatbot?.requests.length ?? 0);
          return endingOf(result, log);
        },
        (err: unknown) => {
          log(`soak: an erasure failed: ${err instanceof Error ? err.name : 'error'}`);
          return 'otherwise' as const;
        },
      ),
      deadline,
    );
    cancelScenario();
    if (ending !== 'stuck') lastEnd = Math.max(lastEnd, Date.now());
    else log(`soak: an erasure is stuck in phase ${await phaseOf(stack, started.workflowId)}`);
    if (ending !== 'completed') await keepHistory(env, started.workflowId, logDir, s.plan.index, log);
    endings.push(ending);
  };
  try {
    const killing = killOnSchedule(pool, plan, deadline);
    await Promise.all(plan.subjects.map(eraseOne));
    log(`soak: every erasure ended or was given up on after ${Math.round((Date.now() - t0) / 1000)} s`);
    await killing;
  } finally {
    clearInterval(progress);
  }
  const stuck = plan.subjects.length - endings.filter((e) => e !== 'stuck').length;
  const durationS = stuck > 0 ? options.timeoutS : Math.round((lastEnd - t0) / 1000);
  log(
    `soak: ${pool.kills} kills; checking the simulators and ${workflowIds.length + 1} workflows' histories`,
  );
  const left = await whatIsLeft(subjects);
  const journals = journalFigures([
    stack.sim.context.journal.all(),
    stack.genesys?.sim.context.journal.all() ?? [],
    stack.chatbot?.sim.context.journal.all() ?? [],
  ]);
  for (const line of journals.details.slice(0, 50)) log(`soak: ${line}`);
  const chatbotExtra = chatbotRepeats((await stack.chatbot?.admin.deletions()) ?? [], chatbotSubmitted);
  if (chatbotExtra > 0) log(`soak: ${chatbotExtra} chatbot deletes beyond those the erasures sent`);
  const governor = governorWorkflowId('liveperson', stack.sim.context.options.accountId);
  // The governor's runs are kept whatever happened: every subject's LivePerson ids went through it.
  const histories = await historyFigures(env.client, [...workflowIds, governor], (id, n, history) => {
    if (id === governor) writeFileSync(join(logDir, `history-governor-${n}.json`), historyToJSON(history));
  });
  log(
    `soak: ${histories.runs} runs read; ${histories.workflowTaskTimeouts} workflow tasks timed out (killed workers); failures by cause: ${JSON.stringify(histories.causes)}`,
  );
  if (scenarioErrors > 0) log(`soak: ${scenarioErrors} scenario steps failed`);
  const count = (e: Ending) => endings.filter((x) => x === e).length;
  return {
    subjects: plan.subjects.length,
    completed: count('completed'),
    endedOtherwise: count('otherwise'),
    // An erasure never started is stuck too.
    stuck,
    recordsLeft: left.recordsLeft,
    bystandersIntact: left.bystandersIntact,
    duplicateCreates: journals.repeats + chatbotExtra,
    redundantRequests: journals.overlaps,
    workflowTaskFailures: histories.workflowTaskFailures,
    contractViolations: journals.violations,
    unexpectedWorkerExits: pool.unexpectedExits,
    kills: pool.kills,
    injectedFaults: journals.faults,
    durationS,
  };
}

/**
 * Kills a worker after each of the plan's gaps, only while another one is ready, so one is always
 * running; the victim is drawn among the ready ones. Stops at the deadline.
 */
async function killOnSchedule(pool: WorkerPool, plan: SoakPlan, deadline: number): Promise<void> {
  for (const gap of plan.killGapsMs) {
    await sleepUntil(Math.min(Date.now() + gap, deadline));
    if (!(await pool.waitReady(2, deadline))) return;
    await pool.killOne((n) => plan.victims.int(n));
  }
}

/**
 * `completed`, or `otherwise` with its reasons and, per platform, its requests' verifications on stderr
 * (scopes, statuses, counts and types: no value).
 */
function endingOf(result: ErasureResult, log: SoakLog): Ending {
  if (result.outcome === 'completed') return 'completed';
  log(`soak: an erasure ended ${result.outcome}: ${result.reasons.map(describeReason).join('; ')}`);
  for (const [platform, r] of Object.entries(result.platforms)) {
    if (!r) continue;
    const requests = r.requests
      .map(
        (q) =>
          `${q.kind}×${q.records}[${q.verifications.map((v) => `${v.requestStatus}:${v.present}`).join(' ')}]`,
      )
      .join(', ');
    log(
      `soak:   ${platform}: ${r.verdict}; requests ${requests || 'none'}; ${r.stillPresent.length} still present, ${r.stillActive.length} still active, ${r.failedBatches.length} failed batches${r.failure ? `; failed while ${r.failure.step} (${r.failure.type})` : ''}`,
    );
  }
  log(`soak:   timeline ${result.timeline.map((t) => t.phase).join(' → ')}`);
  return 'otherwise';
}

/**
 * Writes the last run's history of an erasure that did not complete, as the server stores it (payloads
 * encrypted), beside the worker logs: replay it, or read it with the local codec.
 */
async function keepHistory(
  env: TestWorkflowEnvironment,
  workflowId: string,
  dir: string,
  index: number,
  log: SoakLog,
): Promise<void> {
  try {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const file = join(dir, `history-subject-${index}.json`);
    writeFileSync(file, historyToJSON(history));
    log(`soak:   its history: ${file}`);
  } catch {
    log('soak:   its history could not be read');
  }
}

async function phaseOf(stack: LocalStack, workflowId: string): Promise<string> {
  return (await stack.client.progress(workflowId).catch(() => undefined))?.phase ?? 'unknown';
}

/** The fault mix at every simulator, each on its own seed from the plan. */
async function injectFaults(
  stack: LocalStack & PlatformViews,
  options: SoakOptions,
  plan: SoakPlan,
): Promise<void> {
  const mix = {
    errorRate: options.errorRate,
    malformedRate: options.malformedRate,
    timeoutRate: options.timeoutRate,
    timeoutHoldMs: FAULT_HOLD_MS,
  };
  await stack.admin.faults({ ...mix, seed: plan.faultSeeds.liveperson });
  await stack.genesys?.admin.faults({ ...mix, seed: plan.faultSeeds.genesys });
  await stack.chatbot?.admin.faults({ ...mix, seed: plan.faultSeeds.chatbot });
}

/**
 * A worker process's whole environment, as a deployment would give it: the stack's Temporal server,
 * task queue, local keys, clock and platforms (src/local/operator-env.ts), a certificate key of its own
 * (a worker that cannot sign takes no erasures), and nothing else of the soak's environment.
 */
export function workerEnvironment(
  env: TestWorkflowEnvironment,
  stack: LocalStack,
  dayMs: number,
): Record<string, string> {
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    ...operatorEnvironment(env, stack, dayMs),
    [ENVIRONMENT.certSigningKey]: signingKey.toString(),
    [ENVIRONMENT.certKeyId]: 'soak',
    [ENVIRONMENT.httpTimeoutMs]: String(HTTP_TIMEOUT_MS),
    [ENVIRONMENT.logLevel]: 'info',
  };
}

function mixSummary(subjects: readonly SubjectPlan[]): string {
  const counts = new Map<string, number>();
  for (const s of subjects) {
    const key = s.platforms.join('+');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} on ${k}`).join(', ');
}

const sleepUntil = (at: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

/** `ending`, or `stuck` once `deadline` (epoch ms) has come; the timer goes with the answer. */
async function beforeDeadline(ending: Promise<Ending>, deadline: number): Promise<Ending> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<Ending>((resolve) => {
    timer = setTimeout(() => resolve('stuck'), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([ending, bound]);
  } finally {
    clearTimeout(timer);
  }
}
