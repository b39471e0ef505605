import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Keyring } from '../codec/keyring';
import { expandPolicies } from '../domain/expansion';
import { compressedClock, type PlatformClock } from '../domain/platform-clock';
import { type PlatformId, platformIds, platformRegistry } from '../domain/platforms';
import { fieldIssues } from '../domain/request';
import { DAY_MS, type Timing, timingForDay } from '../domain/timing';
import { VARIABLES } from './environment';
import { IntakeSchema } from './intake-schema';
import {
  CertificateSchema,
  CodecSchema,
  CodecServerSchema,
  WarehouseSchema,
  WebhooksSchema,
  WorkerOpsSchema,
} from './schemas';
import { Secret } from './secret';
import { resolveTemporal, type TemporalBlock, type TemporalSettings } from './temporal-connection';

/** Each environment variable by its name in the code (`ENVIRONMENT.taskQueue` is 'LETHE_TASK_QUEUE'). */
export const ENVIRONMENT = Object.fromEntries(
  Object.entries(VARIABLES).map(([name, v]) => [name, v.env]),
) as {
  readonly [N in keyof typeof VARIABLES]: (typeof VARIABLES)[N]['env'];
};

/** Where each config key comes from in the environment: read in one direction, named in errors in the other. */
const ENV_OF_KEY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(VARIABLES).flatMap((v) => ('key' in v ? [[v.key, v.env]] : [])),
);

type Registered = (typeof platformRegistry)[number];
/** One optional block per platform, each with the schema its platform declares. */
const platformBlocks = Object.fromEntries(
  platformRegistry.map((p) => [p.id, p.settings.schema.optional()]),
) as { [P in Registered as P['id']]: z.ZodOptional<P['settings']['schema']> };

export const ConfigSchema = z
  .object({
    temporal: z
      .object({
        // Absent: Temporal's own profile (TOML), then localhost:7233 / default (src/config/temporal-connection.ts).
        address: z.string().min(1).optional(),
        namespace: z.string().min(1).optional(),
        taskQueue: z.string().min(1).default('lethe-erasure'),
      })
      .default({ taskQueue: 'lethe-erasure' }),
    /** `standard`: real days; `compressed`: a day lasts `dayMs` (default 1 s) for demos and tests. */
    timeProfile: z.enum(['standard', 'compressed']).default('standard'),
    dayMs: z.coerce.number().int().positive().optional(),
    /**
     * Compressed profile only: the instant (ISO-8601) from which the platforms' clock runs compressed.
     * Every worker, client and simulator of one deployment must be given the same.
     */
    platformClockEpoch: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant' }).optional(),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    /** Key of the HMAC that turns subject keys into workflow ids; at least 32 characters. */
    subjectHmacKey: z
      .string()
      .min(32, 'must be at least 32 characters')
      .transform((v) => new Secret(v)),
    httpTimeoutMs: z.coerce.number().int().positive().default(30_000),
    /** Spend each platform account's quota through one governor that packs many subjects' ids (DESIGN §2a). */
    quotaGovernor: z
      .enum(['on', 'off', 'true', 'false'])
      .default('on')
      .transform((v) => v === 'on' || v === 'true'),
    /**
     * How far identifiers a requester never gave may reach (src/domain/expansion.ts), for requests that
     * do not say: `auto`, `confirm` or `off`; absent, each link decides (own links followed, shared
     * identifiers and free text held for an operator).
     */
    expand: z.enum(expandPolicies).optional(),
    // Each platform's block, as the platform declares it (src/connectors/<platform>/platform.ts).
    ...platformBlocks,
    // Absent altogether is the same as absent keys: the error names LETHE_CODEC_KEYS.
    codec: z.preprocess((v) => v ?? {}, CodecSchema),
    certificate: CertificateSchema.optional(),
    webhooks: WebhooksSchema.optional(),
    warehouse: WarehouseSchema.optional(),
    codecServer: CodecServerSchema.default({
      mode: 'local',
      port: 8888,
      allowedOrigins: ['http://localhost:8233', 'http://127.0.0.1:8233', 'http://localhost:8080'],
    }),
    /** The intake service (issue 19): absent, its defaults, and no privacy tool served. */
    intake: z.preprocess((v) => v ?? {}, IntakeSchema),
    /** Operating the worker process: health, metrics, tracing, shutdown (all off or defaulted when absent). */
    worker: z.preprocess((v) => v ?? {}, WorkerOpsSchema),
  })
  .refine((c) => c.timeProfile === 'compressed' || c.dayMs === undefined, {
    message: 'a day length applies only to the compressed time profile; the standard profile uses real days',
    path: ['dayMs'],
  })
  .refine((c) => c.timeProfile === 'compressed' || c.platformClockEpoch === undefined, {
    message:
      'a platform clock applies only to the compressed time profile; the standard profile uses the real clock',
    path: ['platformClockEpoch'],
  })
  .refine((c) => c.timeProfile === 'standard' || c.platformClockEpoch !== undefined, {
    message:
      'is required with the compressed time profile: the instant from which platform time runs compressed, the same for every worker, client and simulator',
    path: ['platformClockEpoch'],
  });
export type Config = Omit<z.output<typeof ConfigSchema>, 'temporal'> & {
  readonly temporal: TemporalSettings;
};

/** Thrown when the configuration is invalid; names each bad key and never its value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** The variable that sets `field`, or the nearest enclosing key's (a list's item is its list's). */
function variableOf(field: string): string | undefined {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const variable = ENV_OF_KEY[parts.slice(0, n).join('.')];
    if (variable) return variable;
  }
  return undefined;
}

/** Builds the nested config object from the environment; unset variables are left out. */
function fromEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_OF_KEY)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const path = key.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1] as string] = value;
  }
  return out;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && b && typeof b === 'object'
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** Loads and validates the configuration from an optional JSON file and the environment. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  defaults: Record<string, unknown> = {},
): Config {
  let file: Record<string, unknown> = {};
  const path = env[ENVIRONMENT.configFile];
  if (path) {
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      // Never quote the parser's message: it echoes the file, secrets included.
      const why =
        err instanceof SyntaxError ? 'not valid JSON' : ((err as NodeJS.ErrnoException).code ?? 'unreadable');
      throw new ConfigError([`${ENVIRONMENT.configFile}: cannot read ${path} (${why})`]);
    }
  }
  const parsed = ConfigSchema.safeParse(deepMerge(deepMerge(defaults, file), fromEnvironment(env)));
  if (!parsed.success) {
    throw new ConfigError(
      fieldIssues(parsed.error).map(({ field, message }) => {
        const variable = variableOf(field);
        return `${field}${variable ? ` (${variable})` : ''}: ${message}`;
      }),
    );
  }
  return { ...parsed.data, temporal: temporalOf(parsed.data.temporal, env) };
}

function temporalOf(block: TemporalBlock, env: NodeJS.ProcessEnv): TemporalSettings {
  try {
    return resolveTemporal(block, env);
  } catch (err) {
    // The TOML parser may quote the file (an API key included): name the setting, not the message.
    const file = env.TEMPORAL_CONFIG_FILE;
    throw new ConfigError([
      `Temporal connection settings (TEMPORAL_* variables${file ? `, TEMPORAL_CONFIG_FILE ${file}` : ''}): cannot be read (${(err as Error).name})`,
    ]);
  }
}

/** The payload codec's keyring (validated when the configuration was loaded). */
export function keyringOf(config: Pick<Config, 'codec'>): Keyring {
  return Keyring.parse(config.codec.keys, config.codec.keyId);
}

/** The platforms' clock the configured profile stands for: compressed from its epoch, or none (real time). */
export function platformClockOf(
  config: Pick<Config, 'timeProfile' | 'dayMs' | 'platformClockEpoch'>,
): PlatformClock | undefined {
  if (config.timeProfile === 'standard' || config.platformClockEpoch === undefined) return undefined;
  return compressedClock(Date.parse(config.platformClockEpoch), timingOf(config).dayMs);
}

/**
 * The platform clock alone, from the environment (what a simulator process needs, without the rest of
 * Lethe's configuration): the same variables and the same checks as `loadConfig`.
 */
export function platformClockFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): PlatformClock | undefined {
  const Schema = z
    .object({
      timeProfile: z.enum(['standard', 'compressed']).default('standard'),
      dayMs: z.coerce.number().int().positive().optional(),
      platformClockEpoch: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant' }).optional(),
    })
    .refine((c) => c.timeProfile === 'standard' || c.platformClockEpoch !== undefined, {
      message: 'is required with the compressed time profile',
      path: ['platformClockEpoch'],
    });
  const parsed = Schema.safeParse({
    timeProfile: env[ENVIRONMENT.timeProfile] || undefined,
    dayMs: env[ENVIRONMENT.dayMs] || undefined,
    platformClockEpoch: env[ENVIRONMENT.platformClockEpoch] || undefined,
  });
  if (!parsed.success) {
    throw new ConfigError(
      fieldIssues(parsed.error).map(
        ({ field, message }) => `${field} (${ENV_OF_KEY[field] ?? field}): ${message}`,
      ),
    );
  }
  return platformClockOf(parsed.data);
}

/** The workflow timing the configured profile stands for. */
export function timingOf(config: Pick<Config, 'timeProfile' | 'dayMs'>): Timing {
  if (config.timeProfile === 'standard') return timingForDay(DAY_MS);
  return timingForDay(config.dayMs ?? 1000);
}

/** The platforms a configuration has connectors for (here, not in the connector registry: the client reads it). */
export function configuredPlatforms(config: Config): PlatformId[] {
  return platformIds.filter((p) => config[p] !== undefined);
}
