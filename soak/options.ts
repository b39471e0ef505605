/** What one soak run does: how many subjects, kills and faults, on which seed, within which bound. */
export interface SoakOptions {
  /** Data subjects seeded and erased. */
  readonly subjects: number;
  /** Worker processes killed with SIGKILL (each restarted at once). */
  readonly kills: number;
  /** Decides the platform mix, the kill times and victims, and the simulators' fault draws. */
  readonly seed: number;
  /** The bound: erasures not finished this long after the first one started are stuck. */
  readonly timeoutS: number;
  /** A compressed day, in ms: the 30-day re-verification takes 30 of these. */
  readonly dayMs: number;
  /** Worker processes running side by side. */
  readonly workers: number;
  /** Mean real time between two kills (each gap drawn between half and one and a half of it). */
  readonly killEveryS: number;
  /** Share of platform calls answered 500, with a malformed 200 body, or never answered. */
  readonly errorRate: number;
  readonly malformedRate: number;
  readonly timeoutRate: number;
  /** Print one JSON object instead of one line per figure. */
  readonly json: boolean;
}

/**
 * The soak: 100 subjects, 50 kills, 5 % 5xx, 3 % malformed bodies and 2 % timeouts. A day of
 * 1 s and a kill every 15 s on average: Temporal notices a killed worker only after timeouts of its own
 * (10 s for a workflow task, an activity's whole start-to-close: 25 compressed days), which shorter days
 * or closer kills turn into more compressed days than the 90-day hard stop leaves (docs/soak.md).
 */
export const DEFAULT_SOAK_OPTIONS: SoakOptions = {
  subjects: 100,
  kills: 50,
  seed: 1,
  timeoutS: 1800,
  dayMs: 1000,
  workers: 2,
  killEveryS: 15,
  errorRate: 0.05,
  malformedRate: 0.03,
  timeoutRate: 0.02,
  json: false,
};

export const SOAK_USAGE = `npm run soak -- [flags]
  --subjects N      data subjects seeded and erased (default ${DEFAULT_SOAK_OPTIONS.subjects})
  --kills N         worker processes killed with SIGKILL and restarted (default ${DEFAULT_SOAK_OPTIONS.kills})
  --seed N          seed of the platform mix, kill times and victims, and fault draws (default ${DEFAULT_SOAK_OPTIONS.seed})
  --timeout-s N     erasures not finished this long after the first started are stuck (default ${DEFAULT_SOAK_OPTIONS.timeoutS})
  --day-ms N        a compressed day in ms, 100-5000 (default ${DEFAULT_SOAK_OPTIONS.dayMs})
  --workers N       worker processes, at least 2 when killing (default ${DEFAULT_SOAK_OPTIONS.workers})
  --kill-every-s N  mean seconds between kills (default ${DEFAULT_SOAK_OPTIONS.killEveryS})
  --error-rate R    share of platform calls answered 500 (default ${DEFAULT_SOAK_OPTIONS.errorRate})
  --malformed-rate R  share answered 200 with a malformed body (default ${DEFAULT_SOAK_OPTIONS.malformedRate})
  --timeout-rate R  share never answered (default ${DEFAULT_SOAK_OPTIONS.timeoutRate})
  --json            one JSON object on stdout instead of one line per figure`;

/** Thrown when the command line is wrong: names the flag, never guesses. */
export class SoakUsageError extends Error {
  override name = 'SoakUsageError';
}

type NumericKey = Exclude<keyof SoakOptions, 'json'>;

/** Each numeric flag: its option, whether it must be a whole number, and its bounds. */
const NUMERIC: Record<string, { key: NumericKey; integer: boolean; min: number; max: number }> = {
  '--subjects': { key: 'subjects', integer: true, min: 1, max: 10_000 },
  '--kills': { key: 'kills', integer: true, min: 0, max: 10_000 },
  '--seed': { key: 'seed', integer: true, min: -(2 ** 31), max: 2 ** 31 - 1 },
  '--timeout-s': { key: 'timeoutS', integer: false, min: 1, max: 86_400 },
  '--day-ms': { key: 'dayMs', integer: true, min: 100, max: 5_000 },
  '--workers': { key: 'workers', integer: true, min: 1, max: 16 },
  '--kill-every-s': { key: 'killEveryS', integer: false, min: 0.1, max: 3_600 },
  '--error-rate': { key: 'errorRate', integer: false, min: 0, max: 1 },
  '--malformed-rate': { key: 'malformedRate', integer: false, min: 0, max: 1 },
  '--timeout-rate': { key: 'timeoutRate', integer: false, min: 0, max: 1 },
};

/** Parses `--flag value` and `--flag=value`; `--help` is the caller's to handle. */
export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const out: { -readonly [K in keyof SoakOptions]: SoakOptions[K] } = { ...DEFAULT_SOAK_OPTIONS };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--json') {
      out.json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const spec = NUMERIC[flag];
    if (!spec) throw new SoakUsageError(`unknown argument ${JSON.stringify(arg)}`);
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined || raw === '') throw new SoakUsageError(`${flag} needs a value`);
    const value = Number(raw);
    if (!Number.isFinite(value) || (spec.integer && !Number.isInteger(value)))
      throw new SoakUsageError(`${flag} must be ${spec.integer ? 'a whole number' : 'a number'}`);
    if (value < spec.min || value > spec.max)
      throw new SoakUsageError(`${flag} must be between ${spec.min} and ${spec.max}`);
    out[spec.key] = value;
  }
  if (out.errorRate + out.malformedRate + out.timeoutRate > 1)
    throw new SoakUsageError('--error-rate, --malformed-rate and --timeout-rate add up to more than 1');
  // A kill must leave a worker running: with one, every kill would stop the whole service.
  if (out.kills > 0 && out.workers < 2)
    throw new SoakUsageError('--workers must be at least 2 when --kills is more than 0');
  return out;
}
