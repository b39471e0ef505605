/**
 * The operator CLI in-process with no Temporal at all: `main` with an injected client whose Temporal
 * `Client` is a stand-in. The stand-in answers as an erasure would (a start, a progress query, a
 * describe, a list, signals and updates) and records what was started, so tests see exactly the
 * workflow input an accepted request became. Nothing connects: no port, no server.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { main } from '../../src/cli/lethe';
import { ErasureClient } from '../../src/client';
import { Secret } from '../../src/config/secret';
import { type PlatformId, platformIds } from '../../src/domain/platforms';
import type { ErasureProgress, PlatformCounts } from '../../src/domain/progress';
import type { ErasureWorkflowInput } from '../../src/domain/request';
import { standardTiming } from '../../src/domain/timing';
import { LetheDeadline, LethePlatforms, LetheStatus } from '../../src/workflows/search-attributes';

export interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** What the stand-in erasure answers; every field optional. */
export interface Answers {
  progress?: ErasureProgress;
  execution?: string;
  rows?: WorkflowExecutionInfo[];
  /** What the workflow returned (a certificate command reads it once the execution COMPLETED). */
  result?: unknown;
  /** Thrown by every call that reads the erasure (query, describe, result): e.g. the codec's refusal. */
  failure?: Error;
  /** What an update answers (default: as add-identifiers, hold and retry would). */
  update?: unknown;
}

export interface Harness {
  readonly started: ErasureWorkflowInput[];
  /** Every update sent, by name, with its argument. */
  readonly updates: Array<{ name: string; arg: unknown }>;
  readonly client: ErasureClient;
  /** How many times a command opened the client: 0 when it refused its input first. */
  readonly connects: { count: number };
}

/** An ErasureClient over a stand-in Temporal client (prepare and validation are the real ones). */
export function standInClient(answers: Answers = {}): Harness {
  const started: ErasureWorkflowInput[] = [];
  const updates: Array<{ name: string; arg: unknown }> = [];
  const read = async <T>(value: () => T): Promise<T> => {
    if (answers.failure) throw answers.failure;
    return value();
  };
  const handle = {
    query: () => read(() => answers.progress ?? progressOf({})),
    describe: () => read(() => ({ status: { name: answers.execution ?? 'RUNNING' } })),
    result: () => read(() => answers.result ?? {}),
    signal: async () => undefined,
    executeUpdate: async (def: { name: string }, options: { args: unknown[] }) => {
      updates.push({ name: def.name, arg: options.args[0] });
      return answers.update ?? { added: 1, onHold: true, retrying: true };
    },
  };
  const temporal = {
    workflow: {
      start: async (_type: string, options: { args: [ErasureWorkflowInput] }) => {
        started.push(options.args[0]);
        return handle;
      },
      getHandle: () => handle,
      list: async function* () {
        if (answers.failure) throw answers.failure;
        yield* answers.rows ?? [];
      },
    },
    connection: { withDeadline: <T>(_deadline: number, call: () => Promise<T>) => call() },
  };
  const client = new ErasureClient({
    client: temporal as unknown as Client,
    taskQueue: 'lethe-test',
    subjectHmacKey: new Secret('test-hmac-key-of-at-least-32-characters'),
    configuredSystems: [...platformIds],
    timing: standardTiming,
  });
  return { started, updates, client, connects: { count: 0 } };
}

/** Runs `lethe argv` in-process against the stand-in; standard input is `stdin`. */
export async function lethe(
  argv: readonly string[],
  options: { stdin?: string; answers?: Answers; tty?: boolean; harness?: Harness; now?: Date } = {},
): Promise<Run & { started: ErasureWorkflowInput[]; connects: number }> {
  const harness = options.harness ?? standInClient(options.answers);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l), tty: options.tty ?? false },
    {
      env: {},
      connect: async () => {
        harness.connects.count += 1;
        return harness.client;
      },
      readStdin: () => options.stdin ?? '',
      sleep: async () => undefined,
      // The real clock by default: the client checks dates against it too. Tests keep their dates
      // minutes away from every bound, so the few seconds a run takes never decide an outcome.
      now: () => options.now ?? new Date(),
    },
  );
  return { code, out, err, started: harness.started, connects: harness.connects.count };
}

export const counts = (over: Partial<PlatformCounts> = {}): PlatformCounts => ({
  discovered: 3,
  active: 0,
  held: 0,
  queued: 0,
  submitted: 0,
  confirmed: 3,
  remaining: 0,
  failed: 0,
  ...over,
});

/** A whole progress snapshot, as the query answers it, with the given fields over a completed one. */
export function progressOf(over: Partial<ErasureProgress>): ErasureProgress {
  return {
    requestId: 'DSR-1',
    subjectRef: 'a'.repeat(64),
    phase: 'completed',
    timeline: [{ phase: 'completed', at: '2026-11-20T00:00:00.000Z' }],
    platforms: { liveperson: counts() },
    deadline: { deadline: '2026-12-20T00:00:00.000Z', meetsDeadline: true },
    overdue: false,
    identifiers: { request: 1 },
    holds: [],
    quotaWaits: {},
    failedPlatforms: {},
    outcome: 'completed',
    reasons: [],
    ...over,
  };
}

/** A visibility row as `list` reads it. */
export function rowOf(
  workflowId: string,
  execution: string,
  status?: string,
  platforms: PlatformId[] = ['liveperson'],
) {
  return {
    workflowId,
    status: { name: execution },
    startTime: new Date('2026-11-01T00:00:00.000Z'),
    typedSearchAttributes: new TypedSearchAttributes([
      ...(status !== undefined ? [{ key: LetheStatus, value: status }] : []),
      { key: LetheDeadline, value: new Date('2026-12-01T00:00:00.000Z') },
      { key: LethePlatforms, value: platforms },
    ]),
  } as unknown as WorkflowExecutionInfo;
}
