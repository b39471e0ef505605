/**
 * Asks questions of running workflows over and over while the bench loads the server, and keeps how long
 * each answer took: the governor's status query beside the same query shape on a trivial idle workflow
 * served by a process of its own (the control), so a slow answer can be told apart from a busy machine.
 */

/** Latencies of one question over a run, in milliseconds. */
export interface ProbeFigures {
  readonly samples: number;
  readonly failures: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** When the slowest was asked, in seconds since the probe started. */
  readonly maxAtS: number;
}

/** A running probe: `measuring` says whether samples count (between waves' starts and their sleep). */
export interface QueryProbe {
  measuring: boolean;
  stop(): Promise<Record<string, ProbeFigures>>;
}

/** Pause between two askings of one question: often enough to see a wave, rarely enough not to add load. */
const PAUSE_MS = 250;

export function startQueryProbe(questions: Record<string, () => Promise<unknown>>): QueryProbe {
  let running = true;
  const latencies = new Map(Object.keys(questions).map((name) => [name, [] as Sample[]]));
  const started = Date.now();
  const failures: Record<string, number> = {};
  // Before its first answer a question's workflow may not exist yet (the governor starts with the first
  // hand-over): failures count only after it.
  const answered = new Set<string>();
  const probe: QueryProbe = {
    measuring: false,
    async stop() {
      running = false;
      await Promise.all(loops);
      return Object.fromEntries(
        Object.keys(questions).map((name) => [
          name,
          summarize(latencies.get(name) ?? [], failures[name] ?? 0),
        ]),
      );
    },
  };
  const loops = Object.entries(questions).map(async ([name, ask]) => {
    while (running) {
      const asked = Date.now();
      const counts = probe.measuring;
      const ok = await ask().then(
        () => true,
        () => false,
      );
      if (ok) answered.add(name);
      if (counts && ok) latencies.get(name)?.push({ ms: Date.now() - asked, atS: (asked - started) / 1000 });
      else if (counts && answered.has(name)) failures[name] = (failures[name] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  });
  return probe;
}

interface Sample {
  readonly ms: number;
  readonly atS: number;
}

function summarize(samples: Sample[], failed: number): ProbeFigures {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.ms ?? 0;
  const slowest = sorted.at(-1);
  return {
    samples: sorted.length,
    failures: failed,
    p50: at(0.5),
    p95: at(0.95),
    max: slowest?.ms ?? 0,
    maxAtS: Math.round(slowest?.atS ?? 0),
  };
}
