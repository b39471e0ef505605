/**
 * Worker operations without Temporal (src/ops): the health endpoints over HTTP against a fake worker
 * status, the shutdown signal handling (drain once, exit on a second signal), the SDK-to-pino logger
 * bridge, and OTLP tracing to a local collector.
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combinedStatus, WorkerHealth, type WorkerStatusSource } from '../../src/ops/health';
import { type HealthServer, startHealthServer } from '../../src/ops/health-server';
import { createLogger } from '../../src/ops/logger';
import { handleShutdownSignals } from '../../src/ops/shutdown';
import { formatBindAddress, sdkLogger } from '../../src/ops/telemetry';
import { otlpTracesUrl, PrivacyFilter, tracingFromConfig, WITHHELD_MESSAGE } from '../../src/ops/tracing';

type Status = ReturnType<WorkerStatusSource['getStatus']>;
const running: Status = {
  runState: 'RUNNING',
  workflowPollerState: 'POLLING',
  activityPollerState: 'POLLING',
  numInFlightActivities: 2,
  numInFlightWorkflowActivations: 0,
  numCachedWorkflows: 5,
};

/** A worker whose status the test sets. */
class FakeWorker implements WorkerStatusSource {
  status: Status = running;
  getStatus(): Status {
    return this.status;
  }
}

let health: WorkerHealth;
let worker: FakeWorker;
let server: HealthServer;
beforeAll(async () => {
  health = new WorkerHealth();
  worker = new FakeWorker();
  server = await startHealthServer(health, { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});

async function probe(path: string, method = 'GET'): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${path}`, { method });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const codes = async (): Promise<[number, number]> => [
  (await probe('/healthz')).status,
  (await probe('/readyz')).status,
];

describe('health endpoints', () => {
  // One worker's life, in order: the steps share the server and the health object.
  it('listens on the port the system picked and reports a starting worker live, not ready', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await codes()).toEqual([200, 503]);
    expect((await probe('/readyz')).body).toEqual({
      state: 'STARTING',
      live: true,
      ready: false,
      shuttingDown: false,
    });
  });

  it('is ready while running with both pollers polling, and says only states and counts', async () => {
    health.attach(worker);
    expect(await codes()).toEqual([200, 200]);
    expect((await probe('/healthz')).body).toEqual({
      state: 'RUNNING',
      live: true,
      ready: true,
      shuttingDown: false,
      pollers: { workflow: 'POLLING', activity: 'POLLING' },
      inFlight: { activities: 2, workflowActivations: 0 },
      cachedWorkflows: 5,
    });
  });

  it('is not ready when a poller is not polling', async () => {
    worker.status = { ...running, activityPollerState: 'FAILED' };
    expect(await codes()).toEqual([200, 503]);
    worker.status = running;
  });

  it("reads a process's erasure and governor workers as one: ready only when both are", () => {
    const erasures = new FakeWorker();
    const governors = new FakeWorker();
    const both = new WorkerHealth();
    both.attach(combinedStatus([erasures, governors]));
    expect(both.report()).toMatchObject({
      ready: true,
      inFlight: { activities: 4, workflowActivations: 0 },
      cachedWorkflows: 10,
    });
    governors.status = { ...running, workflowPollerState: 'FAILED' };
    expect(both.report()).toMatchObject({
      ready: false,
      pollers: { workflow: 'FAILED', activity: 'POLLING' },
    });
    governors.status = { ...running, runState: 'STOPPING' };
    expect(both.report()).toMatchObject({ state: 'STOPPING', live: true, ready: false });
  });

  it('drops readiness as soon as shutdown begins, and stays live while the worker drains', async () => {
    health.beginShutdown();
    expect(await codes()).toEqual([200, 503]); // still RUNNING: readiness goes first
    worker.status = { ...running, runState: 'DRAINING', activityPollerState: 'SHUTDOWN' };
    expect(await codes()).toEqual([200, 503]);
    expect((await probe('/readyz')).body).toMatchObject({ state: 'DRAINING', shuttingDown: true });
    worker.status = { ...running, runState: 'DRAINED', numInFlightActivities: 0 };
    expect(await codes()).toEqual([200, 503]);
  });

  it.each(['STOPPED', 'FAILED'] as const)('is not live once %s', async (runState) => {
    worker.status = { ...running, runState };
    expect(await codes()).toEqual([503, 503]);
  });

  it('answers HEAD without a body, 405 to other methods and 404 elsewhere', async () => {
    expect(await probe('/healthz', 'HEAD')).toEqual({ status: 503, body: undefined });
    expect((await probe('/readyz', 'POST')).status).toBe(405);
    expect((await probe('/metrics')).status).toBe(404);
  });

  it('names a port already taken when it cannot listen', async () => {
    await expect(
      startHealthServer(new WorkerHealth(), { host: '127.0.0.1', port: server.port }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('shutdown signals', () => {
  const setup = () => {
    const source = new EventEmitter();
    const drained: string[] = [];
    const exits: number[] = [];
    const lines: string[] = [];
    const signals = handleShutdownSignals({
      logger: createLogger('info', { write: (l: string) => lines.push(l) }),
      drain: (s) => drained.push(s),
      exit: (code) => exits.push(code),
      source,
    });
    return { source, drained, exits, lines, signals };
  };

  it('drains once on the first SIGTERM and exits on a second signal', () => {
    const { source, drained, exits, lines, signals } = setup();
    expect(signals.requested).toBeUndefined();
    source.emit('SIGTERM', 'SIGTERM');
    expect(drained).toEqual(['SIGTERM']);
    expect(signals.requested).toBe('SIGTERM');
    expect(exits).toEqual([]);
    source.emit('SIGINT', 'SIGINT');
    expect(drained).toEqual(['SIGTERM']);
    expect(exits).toEqual([130]); // 128 + SIGINT
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ signal: 'SIGINT', first: 'SIGTERM', level: 40 });
    signals.dispose();
  });

  it('stops listening once disposed', () => {
    const { source, drained, signals } = setup();
    signals.dispose();
    source.emit('SIGTERM', 'SIGTERM');
    expect(drained).toEqual([]);
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('the SDK logger bridge', () => {
  it('writes the SDK’s lines through pino, its error under err, below the level dropped', () => {
    const lines: string[] = [];
    const log = sdkLogger(createLogger('info', { write: (l: string) => lines.push(l) }));
    log.debug('not shown');
    log.info('Worker state changed', { state: 'RUNNING', sdkComponent: 'worker' });
    log.log('ERROR', 'Activity failed', { activityType: 'discover', error: new Error('platform down') });
    const [state, failed] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(state).toMatchObject({ msg: 'Worker state changed', state: 'RUNNING', level: 30 });
    expect(failed).toMatchObject({ msg: 'Activity failed', activityType: 'discover', level: 50 });
    expect(failed?.err).toMatchObject({ type: 'Error', message: 'platform down' });
  });
});

describe('addresses', () => {
  it('formats bind addresses as the Prometheus exporter parses them', () => {
    expect(formatBindAddress({ host: '0.0.0.0', port: 9464 })).toBe('0.0.0.0:9464');
    expect(formatBindAddress({ host: '::', port: 9464 })).toBe('[::]:9464');
  });

  it('finds the OTLP traces URL by OpenTelemetry’s rules', () => {
    expect(otlpTracesUrl({})).toBeUndefined();
    expect(otlpTracesUrl({ otlpEndpoint: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(
      otlpTracesUrl({ otlpEndpoint: 'http://collector:4318', otlpTracesEndpoint: 'http://traces:4318/x' }),
    ).toBe('http://traces:4318/x');
  });
});

describe('tracing from the configuration', () => {
  const ops = {
    metricPrefix: 'temporal_',
    serviceName: 'lethe-unit',
    shutdownGraceMs: 0,
    maxCachedWorkflows: 500,
    maxConcurrentWorkflowTasks: 40,
    maxConcurrentActivities: 100,
  } as const;

  it('is off unless asked for', () => {
    expect(tracingFromConfig({ ...ops, tracing: 'off' })).toBeUndefined();
  });

  it('sends spans over OTLP/HTTP to the configured traces endpoint, flushed at shutdown', async () => {
    const received: { path: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => {
        body += d.toString();
      });
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    try {
      const tracing = tracingFromConfig({
        ...ops,
        tracing: 'otlp',
        otlpEndpoint: `http://127.0.0.1:${port}/otlp`,
      });
      expect(tracing?.plugin.name).toBe('OpenTelemetryPlugin');
      trace.getTracer('unit').startSpan('probe').end();
      await tracing?.shutdown(); // the batch is exported before the provider stops
      expect(received).toHaveLength(1);
      expect(received[0]?.path).toBe('/otlp/v1/traces');
      expect(received[0]?.body).toContain('lethe-unit');
      expect(received[0]?.body).toContain('probe');
    } finally {
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });
});

describe('what leaves for the tracing backend', () => {
  it('keeps an error type and drops its message, stack and decoded workflow info', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new PrivacyFilter(new SimpleSpanProcessor(exporter))],
    });
    const span = provider.getTracer('test').startSpan('RunActivity:submitBatch', {
      attributes: { workflowId: 'erasure-abc', memo: 'ada@example.com', attempt: 2 },
    });
    const failure = new Error('no consumer with email ada@example.com');
    failure.name = 'ProtocolError';
    span.recordException(failure);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
    span.end();
    await provider.forceFlush();
    const [exported] = exporter.getFinishedSpans();
    expect(exported?.attributes).toEqual({ workflowId: 'erasure-abc', attempt: 2 });
    expect(exported?.status).toEqual({ code: SpanStatusCode.ERROR, message: WITHHELD_MESSAGE });
    expect(exported?.events[0]?.attributes).toEqual({ 'exception.type': 'ProtocolError' });
    expect(JSON.stringify(exported?.events)).not.toContain('ada@example.com');
  });
});
