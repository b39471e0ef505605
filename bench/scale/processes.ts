/**
 * Child processes of the scale bench, each a plain `node --import tsx` process (no wrapper process in
 * between), so /proc/<pid> is the worker itself and its RSS is the worker's.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/local/temporal-binaries';

/** A child process started by the bench, stopped by `stop()`. */
export interface BenchProcess {
  readonly pid: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Runs `script` (relative to the project root) under tsx with `env`; its output goes to stderr. */
export function startNodeProcess(script: string, env: Record<string, string>): BenchProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, script)], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${script}`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid,
    rssMb: () => rssMbOf(pid),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

/** The pid of the one process whose command line holds `marker` (the dev server's database file). */
export function pidWithArgument(marker: string): number | undefined {
  try {
    const out = execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim().split('\n');
    const pids = out.map(Number).filter((p) => Number.isInteger(p) && p !== process.pid);
    return pids[0];
  } catch {
    return undefined;
  }
}

/** What a worker's /readyz says about its cache (the health server of src/ops). */
export async function cachedWorkflows(healthUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${healthUrl}/readyz`);
    const body = (await res.json()) as { cachedWorkflows?: number };
    return body.cachedWorkflows;
  } catch {
    return undefined;
  }
}
