import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { renderCertificateHtml } from '../../certificate/html';
import { serializeCertificate, verifyCertificate } from '../../certificate/signing';
import { CliError, usageError } from '../../cli/exit-codes';
import { count, wrapToWidth } from '../../cli/words';
import type { ErasureClient } from '../../client';
import { startCodecServer } from '../../codec/server';
import { type PlatformId, platformIds, platformNames } from '../../domain/platforms';
import type { ErasureProgress, SubmissionSummary } from '../../domain/progress';
import type { ErasureResult } from '../../domain/result';
import { timingForDay } from '../../domain/timing';
import { describeReason } from '../../domain/verdict';
import { runAsProcess, untilStopSignal } from '../../ops/process-lifecycle';
import type { SeededPlatform } from '../../simulator/kit/demo-person';
import { startDevServer } from '../dev-server';
import { LOCAL_CERT_SIGNER, LOCAL_KEYRING } from '../local-keys';
import { operatorEnvironment, shellEnvironmentFile } from '../operator-env';
import { installQuietRuntime } from '../quiet-runtime';
import { startLocalStack } from '../stack';
import { type DemoIntake, type RunningDemoIntake, startDemoIntake } from './intake/index';
import { endActive, laterEvents, leftBehind, seedPerson, targetsOf } from './scenario';
import { openDemoWarehouse, seedDemoWarehouse } from './warehouse';

/**
 * The demo: a local Temporal dev server with its Web UI, the LivePerson simulator and a worker, all on
 * embedded defaults; one subject erased on a compressed clock (a day lasts LETHE_DAY_MS, default 2 s).
 * `--keep` leaves everything running afterwards so the Web UI can be explored.
 */
export async function runDemo(options: { keep?: boolean; intake?: DemoIntake } = {}): Promise<void> {
  const keep = options.keep ?? false;
  const uiPort = demoSetting('LETHE_DEMO_UI_PORT', 8233, 1, 65_535);
  // Two seconds a day: time for every check to run on the day it is due, so the erasure can meet its
  // one-month deadline as it would in real time (at one second, busy machines made it miss by hours).
  const dayMs = demoSetting('LETHE_DAY_MS', 2000, 100, 86_400_000);
  // Before anything starts: a busy port would otherwise end the demo in the dev server's own words.
  await ensurePortFree(uiPort);
  installQuietRuntime('WARN');

  // The Web UI shows payloads decrypted through a codec server on loopback, for its own origin only.
  const codec = await startCodecServer({
    keyring: LOCAL_KEYRING,
    mode: 'local',
    allowedOrigins: [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`],
  });
  const env = await startDevServer({ uiPort, extraArgs: ['--ui-codec-endpoint', codec.url] });
  const { warehouse, db } = await openDemoWarehouse();
  const stack = await startLocalStack(env, {
    warehouse,
    timing: timingForDay(dayMs),
    clock: 'real',
    taskQueue: 'lethe-demo',
    governed: true,
    platforms: platformIds,
  });
  // The request arrives from a privacy tool instead of the client (--intake): its side and the intake.
  const intake = options.intake ? await startDemoIntake(env, stack, dayMs, options.intake) : undefined;
  try {
    const ui = `http://127.0.0.1:${uiPort}`;
    say(`Temporal dev server     ${env.address}`);
    say(`Web UI                  ${ui}`);
    say(`codec server            ${codec.url} (the Web UI shows payloads decrypted)`);
    for (const platform of stack.platforms)
      say(
        `${`${platformNames[platform]} simulator`.padEnd(24)}${stack.simulators[platform]?.url} (admin API under /admin)`,
      );
    if (intake) {
      say(`${`${intake.toolName} simulator`.padEnd(24)}${intake.toolUrl} (its dashboard below)`);
      say(`intake (lethe intake)   ${intake.intakeUrl}`);
    }
    say(
      `A day lasts ${dayMs} ms: the 5-day grace period and 20-day processing take ${(25 * dayMs) / 1000} s.`,
    );

    await stack.run(async () => {
      const subject = await seedPerson(targetsOf(stack));
      await seedDemoWarehouse(db, subject);
      say(`Seeded one person on ${count(Object.keys(subject.on).length, 'platform')}:`);
      for (const [platform, seeded] of Object.entries(subject.on) as Array<[PlatformId, SeededPlatform]>)
        for (const [i, line] of seeded.described.entries())
          say(`  ${(i === 0 ? platformNames[platform] : '').padEnd(15)}${line}`);
      const workflowId = intake
        ? await intake.submit(subject)
        : (await stack.client.start(subject.request)).workflowId;
      if (intake) say(`The request arrived from ${intake.toolName}, as its contract sends it: one erasure.`);
      say(`Erasure ${workflowId}`);
      // A link to follow is printed whole, past 80 columns.
      print(`  ${ui}/namespaces/${env.namespace ?? 'default'}/workflows/${workflowId}`);
      // The open conversations end the next (compressed) day, so the last requests go out on day 2 and
      // are seen done on day 28, within the one-month deadline; the org lets the recording go on day 8.
      const dashboard = intake
        ? setInterval(() => {
            void intake.dashboard().then((lines) => {
              for (const line of lines) say(`  ${intake.toolName} dashboard: ${line}`);
            });
          }, dayMs / 2)
        : undefined;
      const timers = [
        setTimeout(() => void endActive(subject), dayMs),
        ...laterEvents(subject).map((event) => setTimeout(() => void event.run(), event.day * dayMs)),
      ];
      const result = await watch(stack.client, workflowId, stack.client.result(workflowId)).finally(() => {
        for (const t of timers) clearTimeout(t);
      });
      if (intake && dashboard) {
        // The last reports follow the erasure's end: wait for the tool's request to close.
        for (let i = 0; i < 40 && !(await flushDashboard(intake)); i += 1)
          await new Promise((r) => setTimeout(r, dayMs / 2));
        clearInterval(dashboard);
      }
      printResult(result);
      say(deadlineLine(result, dayMs));
      for (const pass of result.downstream)
        for (const t of pass.tables)
          say(
            `warehouse (${pass.pass}): ${t.table} ${t.action} ${t.rows} rows, ${t.remaining} left${t.error ? `, FAILED: ${t.error}` : ''}`,
          );
      writeCertificate(result);
      const left = await leftBehind(subject);
      const violations: unknown[] = [];
      for (const s of Object.values(stack.simulators))
        violations.push(...(await s.admin.journal()).violations);
      for (const [platform, n] of Object.entries(left.remaining))
        say(`Records still holding the person's data on ${platform}: ${n}`);
      say(`Bystanders' data untouched: ${left.bystandersIntact ? 'yes' : 'NO'}`);
      say(`Platform calls that broke a rule of a platform's contract: ${violations.length}`);
      if (keep) {
        const file = join(process.cwd(), '.lethe', 'demo', 'cli.env');
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, shellEnvironmentFile(operatorEnvironment(env, stack, dayMs)), { mode: 0o600 });
        // Inside run(): the worker keeps polling, so the CLI's queries and new erasures are answered.
        say(`Still running (--keep): explore ${ui}; press Ctrl-C to stop.`);
        say('The operator CLI reaches this stack from another shell:');
        say(`  set -a; . ${file}; set +a`);
        say('  npx lethe list --all        npx lethe status <workflow id>        npx lethe erase --help');
        await untilStopSignal();
      }
    });
  } finally {
    await intake?.close();
    await stack.close();
    await warehouse.close();
    await env.teardown();
    await codec.close();
  }
}

/** Prints the tool's dashboard lines still unprinted; whether its request is completed. */
async function flushDashboard(intake: RunningDemoIntake): Promise<boolean> {
  const lines = await intake.dashboard();
  for (const line of lines) say(`  ${intake.toolName} dashboard: ${line}`);
  return intake.completed;
}

/** A whole number from the environment, or a usage error naming the variable (never echoing it). */
function demoSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw usageError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/** Fails with one line naming the setting to change when the Web UI's port is taken. */
async function ensurePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES'
          ? usageError(
              `the Web UI's port ${port} is taken (another demo or Temporal dev server?): set LETHE_DEMO_UI_PORT to a free port, e.g. LETHE_DEMO_UI_PORT=${port === 65_535 ? 8234 : port + 1} npm run demo`,
            )
          : err,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
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
    if (line && line !== last) say(`  ${line}`);
    last = line ?? last;
    await new Promise((r) => setTimeout(r, 200));
  }
  return result;
}

function describe(p: ErasureProgress | undefined): string | undefined {
  if (!p) return undefined;
  const counts = Object.entries(p.platforms)
    .map(
      ([name, c]) =>
        `${name} ${c.confirmed}/${c.discovered}${c.active ? ` (${c.active} open)` : ''}${c.held ? ` (${c.held} held)` : ''}`,
    )
    .join(', ');
  return `${p.phase}: ${counts}`;
}

/** Writes the signed certificate, its HTML page and the public key under .lethe/demo, and checks it. */
function writeCertificate(result: ErasureResult): void {
  if (!result.certificate) {
    say('No certificate was issued.');
    return;
  }
  const dir = join(process.cwd(), '.lethe', 'demo');
  mkdirSync(dir, { recursive: true });
  const file = serializeCertificate(result.certificate);
  const paths = {
    json: join(dir, 'certificate.json'),
    html: join(dir, 'certificate.html'),
    key: join(dir, 'certificate-public-key.pem'),
  };
  writeFileSync(paths.json, file);
  writeFileSync(paths.html, renderCertificateHtml(result.certificate));
  writeFileSync(paths.key, LOCAL_CERT_SIGNER.publicKeyPem());
  const verdict = verifyCertificate(file, LOCAL_CERT_SIGNER.publicKeyPem());
  say(`Certificate ${paths.json}: ${verdict.valid ? 'verifies' : `does NOT verify (${verdict.reason})`}`);
  say(`  for auditors: ${paths.html}`);
  say('  check it yourself:');
  print(`    npx lethe verify-certificate ${paths.json} --public-key ${paths.key}`);
}

/**
 * The deadline verdict in one line, with the compressed days it took: what an operator reads first, and
 * said as it is when missed.
 */
export function deadlineLine(r: ErasureResult, dayMs: number): string {
  const days = (iso: string): string => ((Date.parse(iso) - Date.parse(r.receivedAt)) / dayMs).toFixed(1);
  const d = r.deadline;
  const due = `due ${d.deadline} (day ${days(d.deadline)})`;
  if (r.outcome !== 'completed') return `Deadline NOT MET: ${due}; the erasure ended ${r.outcome}`;
  const by = `everything was verified gone by day ${days(d.expectedCompletion ?? r.finishedAt)}`;
  return d.meetsDeadline ? `Deadline met: ${due}; ${by}` : `Deadline MISSED: ${due}; ${by}`;
}

/** One line, wrapped to 80 columns under its label (src/cli/words.ts). */
/** One line of the demo's own output on the terminal (it is a program's output, not a log line). */
function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function say(line: string): void {
  for (const l of wrapToWidth([line])) print(l);
}

/** A platform's long request id (the chatbot's names the erasure) shortened for reading. */
const shortRequestId = (id: string): string => (id.length > 24 ? `${id.slice(0, 23)}…` : id);

/** A request's checks with repeats counted: `NOT_STARTED ×2 → IN_PROGRESS ×3 → DONE, 0 left`. */
function checksOf(req: SubmissionSummary): string {
  const runs: Array<[string, number]> = [];
  for (const v of req.verifications) {
    const last = runs.at(-1);
    if (last && last[0] === v.requestStatus) last[1] += 1;
    else runs.push([v.requestStatus, 1]);
  }
  const left = req.verifications.at(-1)?.present;
  const chain = runs.map(([status, n]) => (n > 1 ? `${status} ×${n}` : status)).join(' → ');
  return `${chain || 'not checked'}${left !== undefined ? `, ${left} left` : ''}`;
}

function printResult(r: ErasureResult): void {
  say(`Result: ${r.outcome === 'incomplete' ? 'INCOMPLETE' : r.outcome} at ${r.finishedAt}`);
  for (const reason of r.reasons) say(`  because ${describeReason(reason)}`);
  for (const [platform, result] of Object.entries(r.platforms)) {
    if (!result) continue;
    say(`${platform}: ${result.verdict.replace(/_/g, ' ')}`);
    if (result.failure) say(`  FAILED while ${result.failure.step}: ${result.failure.message}`);
    for (const [kind, ids] of Object.entries(result.erased)) say(`  erased ${kind}: ${ids.length}`);
    for (const req of result.requests)
      say(`  request ${shortRequestId(req.requestId)} ${req.kind} × ${req.records}: ${checksOf(req)}`);
    for (const h of result.held)
      say(
        `  held by the platform: ${h.kind} (${h.reason}) since ${h.since}${h.releasedAt ? `, gone ${h.releasedAt}` : `, last seen ${h.lastSeen ?? h.since}: still held, not erased`}`,
      );
    for (const d of result.retained) say(`  retained: ${d.data} (${d.reason})`);
    if (result.stillPresent.length > 0) say(`  still present: ${result.stillPresent.length}`);
  }
}

if (require.main === module) {
  // A usage error is one line and exit 2, as `lethe demo` says it; anything else is logged as a failure.
  const intake = process.argv.includes('--intake')
    ? (process.argv[process.argv.indexOf('--intake') + 1] as DemoIntake)
    : undefined;
  runDemo({ keep: process.argv.includes('--keep'), ...(intake ? { intake } : {}) }).then(
    () => process.exit(0),
    (err: unknown) => {
      if (!(err instanceof CliError)) return runAsProcess('demo', () => Promise.reject(err));
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(err.exitCode);
    },
  );
}
