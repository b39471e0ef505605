import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface WorkerPoolOptions {
  /** Worker processes kept running. */
  readonly count: number;
  /** Their whole environment (a deployment's variables, nothing of the soak's own), health address aside. */
  readonly env: Readonly<Record<string, string>>;
  /** Where `src/worker.ts` runs from: the repository, or a snapshot of its code (./snapshot). */
  readonly root: string;
  /** Each worker's output goes to `worker-<slot>.log` here, never to the soak's stdout. */
  readonly logDir: string;
  /** Progress for stderr (counts and slots only). */
  readonly log: (message: string) => void;
}

interface Slot {
  readonly index: number;
  process?: ChildProcess;
  ready: boolean;
  /** Set while the soak itself kills this slot's process: its exit is expected. */
  killing: boolean;
  exited?: Promise<void>;
}

const POLL_MS = 250;

/**
 * Lethe worker processes as a deployment runs them (`src/worker.ts` under tsx, configured by the
 * environment alone). Each is one process, `node --import tsx src/worker.ts`: the `tsx` command would run
 * the worker in a child of its own, which a SIGKILL of the command leaves running, still polling. They
 * stay in the soak's process group, so whoever kills the soak's group kills them too. A process the soak
 * kills is started again at once; one that exits by itself is counted, and started again too.
 */
export class WorkerPool {
  /** SIGKILLs sent. */
  kills = 0;
  /** Processes that exited without the soak killing them. */
  unexpectedExits = 0;
  private readonly slots: Slot[];
  private stopping = false;
  private readonly onExit = (): void => this.killAllNow();

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: options.count }, (_, index) => ({
      index,
      ready: false,
      killing: false,
    }));
    // Should the soak die without its clean-up, its workers die with it.
    process.once('exit', this.onExit);
  }

  async start(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.spawn(s)));
  }

  /** Workers whose health endpoint says ready. */
  readyCount(): number {
    return this.slots.filter((s) => s.ready).length;
  }

  /** Waits until at least `n` workers are ready; false when `deadline` (epoch ms) came first. */
  async waitReady(n: number, deadline: number): Promise<boolean> {
    while (this.readyCount() < n) {
      if (Date.now() > deadline || this.stopping) return false;
      await sleep(POLL_MS);
    }
    return true;
  }

  /**
   * Kills one ready worker with SIGKILL, `pick(n)` choosing among the `n` ready ones, waits for it to be
   * gone and starts its replacement at once (not waiting for it to be ready).
   */
  async killOne(pick: (n: number) => number): Promise<void> {
    const ready = this.slots.filter((s) => s.ready);
    const victim = ready[pick(ready.length)];
    if (!victim?.process?.pid) return;
    victim.killing = true;
    victim.ready = false;
    signal(victim.process, 'SIGKILL');
    this.kills += 1;
    await victim.exited;
    victim.killing = false;
    if (!this.stopping) await this.spawn(victim);
  }

  /** Kills every worker (SIGKILL: nothing they do now matters) and waits for them to be gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    const gone = this.slots.map((s) => s.exited);
    this.killAllNow();
    await Promise.all(gone);
    process.off('exit', this.onExit);
  }

  private killAllNow(): void {
    for (const s of this.slots) if (s.process) signal(s.process, 'SIGKILL');
  }

  private async spawn(slot: Slot): Promise<void> {
    const port = await freePort();
    if (this.stopping) return; // stopped meanwhile: nothing new may start
    const out = openSync(join(this.options.logDir, `worker-${slot.index}.log`), 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'worker.ts')], {
      cwd: this.options.root,
      env: { ...this.options.env, LETHE_HEALTH_ADDRESS: `127.0.0.1:${port}` },
      stdio: ['ignore', out, out],
    });
    closeSync(out); // the child holds its own copy
    slot.process = child;
    slot.ready = false;
    slot.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        slot.ready = false;
        if (slot.process === child) slot.process = undefined;
        resolve();
        if (slot.killing || this.stopping) return;
        this.unexpectedExits += 1;
        this.options.log(
          `worker ${slot.index} exited by itself (code ${code}, signal ${signal}); restarting`,
        );
        void this.spawn(slot);
      });
    });
    void this.pollReady(slot, child, `http://127.0.0.1:${port}/readyz`);
  }

  /** Marks the slot ready once its process's `/readyz` answers 200 (and stops asking once it has). */
  private async pollReady(slot: Slot, child: ChildProcess, url: string): Promise<void> {
    while (slot.process === child && !this.stopping) {
      const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ok && slot.process === child) {
        slot.ready = true;
        return;
      }
      await sleep(POLL_MS);
    }
  }
}

/** Signals one worker process (by its own pid, never by name), unless it is gone already. */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(name);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback port nobody listens on right now, for a worker's health endpoint. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
