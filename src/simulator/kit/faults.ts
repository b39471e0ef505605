import { z } from 'zod';

/** Faults the admin API can inject into platform calls, deterministically from a seed. */
export const FaultsSchema = z.object({
  /** Share of calls answered 500. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Share of calls answered 200 with a body that breaks the contract. */
  malformedRate: z.number().min(0).max(1).default(0),
  /** Share of calls never answered (the socket is closed after `timeoutHoldMs`). */
  timeoutRate: z.number().min(0).max(1).default(0),
  /**
   * Share of calls carried out and then not answered (the socket is closed instead of the answer): a
   * create whose answer is lost, the platform having acted.
   */
  lostAnswerRate: z.number().min(0).max(1).default(0),
  timeoutHoldMs: z.number().int().nonnegative().default(30_000),
  /** Added to every call. */
  latencyMs: z.number().int().nonnegative().default(0),
  /** Only calls whose path contains this are affected (default: all platform calls). */
  pathContains: z.string().optional(),
  /** Only calls of this HTTP method are affected (default: any). */
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
  /** Stop injecting after this many faults. */
  maxFaults: z.number().int().positive().optional(),
  /** Let this many matching calls through untouched before injecting (a failure part-way through). */
  skipFirst: z.number().int().nonnegative().default(0),
  seed: z.number().int().default(1),
});
export type Faults = z.output<typeof FaultsSchema>;

export type FaultDecision = 'none' | 'error' | 'malformed' | 'timeout' | 'lost_answer';

/** Decides, call by call, which fault (if any) to inject. */
export class FaultInjector {
  private faults?: Faults;
  private state = 1;
  private injected = 0;
  private matched = 0;

  configure(faults: Faults | undefined): void {
    this.faults = faults;
    this.state = faults?.seed ?? 1;
    this.injected = 0;
    this.matched = 0;
  }

  get latencyMs(): number {
    return this.faults?.latencyMs ?? 0;
  }

  get timeoutHoldMs(): number {
    return this.faults?.timeoutHoldMs ?? 30_000;
  }

  decide(path: string, method = 'GET'): FaultDecision {
    const f = this.faults;
    if (!f || (f.pathContains !== undefined && !path.includes(f.pathContains))) return 'none';
    if (f.method !== undefined && f.method !== method) return 'none';
    this.matched += 1;
    if (this.matched <= f.skipFirst) return 'none';
    if (f.maxFaults !== undefined && this.injected >= f.maxFaults) return 'none';
    const roll = this.next();
    let decision: FaultDecision = 'none';
    if (roll < f.errorRate) decision = 'error';
    else if (roll < f.errorRate + f.malformedRate) decision = 'malformed';
    else if (roll < f.errorRate + f.malformedRate + f.timeoutRate) decision = 'timeout';
    else if (roll < f.errorRate + f.malformedRate + f.timeoutRate + f.lostAnswerRate)
      decision = 'lost_answer';
    if (decision !== 'none') this.injected += 1;
    return decision;
  }

  /** mulberry32: small, seeded, good enough to spread faults evenly. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
