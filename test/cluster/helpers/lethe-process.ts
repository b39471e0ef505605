import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from '../../helpers/temporal';

const ROOT = join(__dirname, '..', '..', '..');

/** A part of Lethe run as a deployment runs it (`npx tsx <entry>`), in a process group of its own. */
export interface LetheProcess {
  /** The process group: npx, tsx and the node process that runs Lethe. */
  readonly group: number;
  readonly name: string;
  /** Every line it wrote (pino JSON on stdout, anything on stderr). */
  readonly lines: readonly string[];
  /** The first JSON log line with this `msg`, waited for (the process exiting first fails at once). */
  logged(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Whether a process of the group is `pid` (Temporal names a worker `<pid>@<host>`). */
  owns(pid: number): boolean;
  /** SIGKILL to the whole group: the worker dies as a crashed machine's would, mid-call. */
  kill(): Promise<NodeJS.Signals | null>;
  /** SIGTERM, then SIGKILL if it has not exited in `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `npx tsx <entry>` from the repository with exactly `env` (plus PATH and HOME, which npx needs):
 * nothing of the test process's own environment leaks in. The group is recorded in the cluster's state
 * directory, so `scripts/cluster.sh stop` kills it even if this test process dies first.
 */
export function startLethe(
  name: string,
  entry: string,
  env: Record<string, string>,
  clusterDir: string,
): LetheProcess {
  const child: ChildProcess = spawn('npx', ['tsx', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const group = child.pid;
  if (group === undefined) throw new Error(`${name} did not start`);
  const registry = join(clusterDir, 'processes');
  mkdirSync(registry, { recursive: true });
  writeFileSync(join(registry, String(group)), `${name}\n`);
  const lines: string[] = [];
  const collect = (chunk: Buffer): void => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => {
      rmSync(join(registry, String(group)), { force: true });
      resolve(signal);
    }),
  );
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-group, signal);
    } catch {
      // The group is gone already.
    }
  };
  const json = (line: string): Record<string, unknown> | undefined => {
    try {
      const parsed: unknown = JSON.parse(line);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const handle: LetheProcess = {
    group,
    name,
    lines,
    logged: (msg, timeoutMs = 120_000) =>
      waitUntil(
        async () => {
          if (child.exitCode !== null || child.signalCode !== null)
            throw new Error(`${name} exited before logging "${msg}":\n${lines.slice(-20).join('\n')}`);
          return lines.map(json).find((l) => l?.msg === msg);
        },
        timeoutMs,
        `${name} to log "${msg}"`,
      ),
    owns: (pid) => groupOf(pid) === group,
    async kill() {
      signalGroup('SIGKILL');
      return exited;
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // tsx's node child may outlive npx by a moment: make sure nothing of the group is left.
      signalGroup('SIGKILL');
    },
  };
  return handle;
}

/** The process group of `pid` (Linux /proc), or undefined when it is gone. */
function groupOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): state, ppid, pgrp, …
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}
