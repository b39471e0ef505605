/**
 * Operating a real worker process (`lethe worker`, the image's entry point, configured by the environment),
 * on the dev server: it
 * serves Prometheus metrics and health endpoints, and on SIGTERM with an activity in flight it drops
 * readiness first, stays live while the activity finishes, records the activity as completed, and exits 0.
 * The activity is held in flight by a proxy in front of the LivePerson simulator, not by a latency.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErasureClient } from '../../src/client';
import { timingForDay } from '../../src/domain/timing';
import { LOCAL_CODEC_KEYS, LOCAL_HMAC_KEY } from '../../src/local/local-keys';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { devServerSuite } from '../helpers/dev-server-suite';
import { type HoldingProxy, startHoldingProxy } from '../helpers/holding-proxy';
import { freePort } from '../helpers/ports';
import { uniqueTaskQueue, waitUntil } from '../helpers/temporal';

const suite = devServerSuite();
let child: ChildProcess | undefined;
let proxy: HoldingProxy | undefined;
afterAll(async () => {
  child?.kill('SIGKILL');
  await proxy?.close();
});

async function probe(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The worker's log lines (pino JSON); other output (console spans) is kept as text only. */
function logLines(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return parsed && typeof parsed === 'object' && 'msg' in parsed
        ? [parsed as Record<string, unknown>]
        : [];
    } catch {
      return [];
    }
  });
}

describe('a worker process on SIGTERM with an activity in flight', () => {
  it('serves metrics, drops readiness, stays live, finishes the activity and exits 0', async () => {
    const { sim, admin } = suite.x;
    const o = sim.context.options;
    proxy = await startHoldingProxy(sim.url);
    sim.context.host = proxy.host; // service URIs from the Domain API lead through the proxy too
    const subject = await seedDemoSubject(admin, o.accountId, 'ops');
    suite.remember([...subject.personalValues, subject.consumerId]);

    const taskQueue = uniqueTaskQueue('worker-ops');
    const metricsPort = await freePort();
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    let output = '';
    const started = Date.now();
    child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'lethe.js'), 'worker'], {
      // Only what a deployment would set: nothing of the test process's own environment leaks in.
      env: {
        PATH: process.env.PATH,
        TEMPORAL_ADDRESS: suite.env.address,
        TEMPORAL_NAMESPACE: suite.env.namespace ?? 'default',
        LETHE_TASK_QUEUE: taskQueue,
        LETHE_SUBJECT_HMAC_KEY: LOCAL_HMAC_KEY.reveal(),
        LETHE_CODEC_KEYS: LOCAL_CODEC_KEYS.reveal(),
        LETHE_CERT_SIGNING_KEY: signingKey.toString(),
        LETHE_CERT_KEY_ID: 'ops-test',
        LETHE_LIVEPERSON_ACCOUNT_ID: o.accountId,
        LETHE_LIVEPERSON_DOMAIN_API_URL: proxy.url,
        LETHE_LIVEPERSON_CLIENT_ID: o.clientId,
        LETHE_LIVEPERSON_CLIENT_SECRET: o.clientSecret,
        LETHE_HEALTH_ADDRESS: '127.0.0.1:0',
        LETHE_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
        LETHE_TRACING: 'console',
        LETHE_SHUTDOWN_GRACE_MS: '30000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const logged = (msg: string) => logLines(output).find((l) => l.msg === msg);

    // Ready once started: the health server's port is in its log line.
    const healthUrl = await waitUntil(
      async () => logged('health endpoints served')?.healthUrl as string | undefined,
      60_000,
      `the health server (${output})`,
    );
    await waitUntil(
      async () => ((await probe(`${healthUrl}/readyz`)).status === 200 ? true : undefined),
      60_000,
      `readiness (${output})`,
    );
    const readyAfterMs = Date.now() - started;
    const metrics = await waitUntil(
      async () => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        return text.includes('temporal_worker_task_slots_available') ? text : undefined;
      },
      30_000,
      'worker metrics',
    );
    expect(metrics).toMatch(/^temporal_worker_task_slots_available\{.*service="lethe".*\} \d+/m);

    // The first platform call is held: its activity is in flight until the test lets it go.
    const held = proxy.arm();
    const erasures = new ErasureClient({
      client: suite.env.client,
      taskQueue,
      subjectHmacKey: LOCAL_HMAC_KEY,
      configuredSystems: ['liveperson'],
      timing: timingForDay(2_000), // a 50 s call timeout: the held attempt must not time out
    });
    const { handle } = await erasures.start(subject.request);
    await held;
    const inFlight = await probe(`${healthUrl}/readyz`);
    expect(inFlight).toMatchObject({ status: 200, body: { state: 'RUNNING' } });
    expect((inFlight.body.inFlight as { activities: number }).activities).toBeGreaterThanOrEqual(1);

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const draining = await waitUntil(
      async () => {
        const ready = await probe(`${healthUrl}/readyz`);
        return ready.status === 503 ? ready : undefined;
      },
      10_000,
      'readiness to drop',
    );
    expect(draining.body).toMatchObject({ shuttingDown: true });
    expect((draining.body.inFlight as { activities: number }).activities).toBeGreaterThanOrEqual(1);
    expect((await probe(`${healthUrl}/healthz`)).status).toBe(200);
    expect(child.exitCode).toBeNull(); // still draining: the activity has not finished

    const releasedAt = Date.now();
    proxy.release();
    expect(await exited).toBe(0);
    const shutdownMs = Date.now() - signalledAt;
    const afterReleaseMs = Date.now() - releasedAt;

    const events = (await handle.fetchHistory()).events ?? [];
    // Every activity scheduled before the signal completed: none failed, timed out or was cancelled.
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
    expect(scheduled).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.activityTaskCompletedEventAttributes)).toHaveLength(scheduled);
    expect(
      events.filter(
        (e) =>
          e.activityTaskFailedEventAttributes ||
          e.activityTaskTimedOutEventAttributes ||
          e.activityTaskCanceledEventAttributes,
      ),
    ).toEqual([]);
    expect(logged('shutting down')).toMatchObject({ signal: 'SIGTERM', graceMs: 30_000 });
    expect(logged('shutting down')?.inFlightActivities).toBeGreaterThanOrEqual(1);
    expect(logged('worker stopped')?.drainMs).toEqual(expect.any(Number));
    expect(output).toMatch(/name: 'RunActivity:\w+'/); // console tracing exported the activity's span
    for (const value of [...subject.personalValues, subject.consumerId]) expect(output).not.toContain(value);
    process.stdout.write(
      `worker-operations: ready after ${readyAfterMs} ms; SIGTERM to exit ${shutdownMs} ms, of which ${releasedAt - signalledAt} ms holding the activity and ${afterReleaseMs} ms from its release to exit (drain ${String(logged('worker stopped')?.drainMs)} ms)\n`,
    );
    await handle.terminate('test over: no worker left on its task queue');
  });
});
