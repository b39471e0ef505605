import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Keyring } from './codec/keyring';
import { expandPolicies } from './domain/expansion';
import { compressedClock, type PlatformClock } from './domain/platform-clock';
import { type PlatformId, platformIds } from './domain/platforms';
import { fieldIssues } from './domain/request';
import { DAY_MS, type Timing, timingForDay } from './domain/timing';
import { Secret } from './secret';
import {
  CertificateSchema,
  ChatbotSchema,
  CodecSchema,
  CodecServerSchema,
  GenesysSchema,
  LivePersonSchema,
  WarehouseSchema,
  WebhooksSchema,
  WorkerOpsSchema,
} from './settings/schemas';
import { resolveTemporal, type TemporalBlock, type TemporalSettings } from './temporal-connection';

/**
 * Every environment variable Lethe reads, once. A config file (JSON, named by LETHE_CONFIG) gives the
 * same keys as nested JSON; the environment wins over the file.
 */
export const ENVIRONMENT = {
  configFile: 'LETHE_CONFIG',
  temporalAddress: 'TEMPORAL_ADDRESS',
  temporalNamespace: 'TEMPORAL_NAMESPACE',
  taskQueue: 'LETHE_TASK_QUEUE',
  timeProfile: 'LETHE_TIME_PROFILE',
  dayMs: 'LETHE_DAY_MS',
  platformClockEpoch: 'LETHE_PLATFORM_CLOCK_EPOCH',
  logLevel: 'LETHE_LOG_LEVEL',
  subjectHmacKey: 'LETHE_SUBJECT_HMAC_KEY',
  httpTimeoutMs: 'LETHE_HTTP_TIMEOUT_MS',
  livepersonAccountId: 'LETHE_LIVEPERSON_ACCOUNT_ID',
  livepersonDomainApiUrl: 'LETHE_LIVEPERSON_DOMAIN_API_URL',
  livepersonClientId: 'LETHE_LIVEPERSON_CLIENT_ID',
  livepersonClientSecret: 'LETHE_LIVEPERSON_CLIENT_SECRET',
  livepersonMonthlyQuota: 'LETHE_LIVEPERSON_MONTHLY_QUOTA',
  genesysApiUrl: 'LETHE_GENESYS_API_URL',
  genesysLoginUrl: 'LETHE_GENESYS_LOGIN_URL',
  genesysClientId: 'LETHE_GENESYS_CLIENT_ID',
  genesysClientSecret: 'LETHE_GENESYS_CLIENT_SECRET',
  genesysMode: 'LETHE_GENESYS_MODE',
  genesysReplacementTerm: 'LETHE_GENESYS_REPLACEMENT_TERM',
  genesysLookbackDays: 'LETHE_GENESYS_LOOKBACK_DAYS',
  genesysRatePerMinute: 'LETHE_GENESYS_RATE_PER_MINUTE',
  genesysTelephonyRetentionReason: 'LETHE_GENESYS_TELEPHONY_RETENTION_REASON',
  chatbotBaseUrl: 'LETHE_CHATBOT_BASE_URL',
  chatbotApiToken: 'LETHE_CHATBOT_API_TOKEN',
  chatbotUciKey: 'LETHE_CHATBOT_UCI_KEY',
  chatbotUciFrom: 'LETHE_CHATBOT_UCI_FROM',
  chatbotDeletePath: 'LETHE_CHATBOT_DELETE_PATH',
  chatbotConversationsPath: 'LETHE_CHATBOT_CONVERSATIONS_PATH',
  quotaGovernor: 'LETHE_QUOTA_GOVERNOR',
  expand: 'LETHE_EXPAND',
  warehouse: 'LETHE_WAREHOUSE',
  webhookUrls: 'LETHE_WEBHOOK_URLS',
  webhookSecret: 'LETHE_WEBHOOK_SECRET',
  certSigningKey: 'LETHE_CERT_SIGNING_KEY',
  certKeyId: 'LETHE_CERT_KEY_ID',
  codecKeys: 'LETHE_CODEC_KEYS',
  codecKeyId: 'LETHE_CODEC_KEY_ID',
  codecServerMode: 'LETHE_CODEC_SERVER_MODE',
  codecServerHost: 'LETHE_CODEC_SERVER_HOST',
  codecServerPort: 'LETHE_CODEC_SERVER_PORT',
  codecAllowedOrigins: 'LETHE_CODEC_ALLOWED_ORIGINS',
  codecTlsCert: 'LETHE_CODEC_TLS_CERT',
  codecTlsKey: 'LETHE_CODEC_TLS_KEY',
  codecJwtPublicKey: 'LETHE_CODEC_JWT_PUBLIC_KEY',
  codecJwksUrl: 'LETHE_CODEC_JWKS_URL',
  codecJwtIssuer: 'LETHE_CODEC_JWT_ISSUER',
  codecJwtAudience: 'LETHE_CODEC_JWT_AUDIENCE',
  healthAddress: 'LETHE_HEALTH_ADDRESS',
  metricsAddress: 'LETHE_METRICS_ADDRESS',
  metricsPrefix: 'LETHE_METRICS_PREFIX',
  tracing: 'LETHE_TRACING',
  shutdownGraceMs: 'LETHE_SHUTDOWN_GRACE_MS',
  maxCachedWorkflows: 'LETHE_WORKER_MAX_CACHED_WORKFLOWS',
  maxConcurrentWorkflowTasks: 'LETHE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
  maxConcurrentActivities: 'LETHE_WORKER_MAX_CONCURRENT_ACTIVITIES',
  // OpenTelemetry's own standard variables (the exporter reads its other OTEL_EXPORTER_OTLP_* itself).
  otelServiceName: 'OTEL_SERVICE_NAME',
  otlpEndpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  otlpTracesEndpoint: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
} as const;

/** Where each config key comes from in the environment, for error messages. */
const ENV_OF_KEY: Record<string, string> = {
  'temporal.address': ENVIRONMENT.temporalAddress,
  'temporal.namespace': ENVIRONMENT.temporalNamespace,
  'temporal.taskQueue': ENVIRONMENT.taskQueue,
  timeProfile: ENVIRONMENT.timeProfile,
  dayMs: ENVIRONMENT.dayMs,
  platformClockEpoch: ENVIRONMENT.platformClockEpoch,
  logLevel: ENVIRONMENT.logLevel,
  subjectHmacKey: ENVIRONMENT.subjectHmacKey,
  httpTimeoutMs: ENVIRONMENT.httpTimeoutMs,
  'liveperson.accountId': ENVIRONMENT.livepersonAccountId,
  'liveperson.domainApiUrl': ENVIRONMENT.livepersonDomainApiUrl,
  'liveperson.clientId': ENVIRONMENT.livepersonClientId,
  'liveperson.clientSecret': ENVIRONMENT.livepersonClientSecret,
  'liveperson.monthlyQuota': ENVIRONMENT.livepersonMonthlyQuota,
  'genesys.apiUrl': ENVIRONMENT.genesysApiUrl,
  'genesys.loginUrl': ENVIRONMENT.genesysLoginUrl,
  'genesys.clientId': ENVIRONMENT.genesysClientId,
  'genesys.clientSecret': ENVIRONMENT.genesysClientSecret,
  'genesys.mode': ENVIRONMENT.genesysMode,
  'genesys.replacementTerm': ENVIRONMENT.genesysReplacementTerm,
  'genesys.lookbackDays': ENVIRONMENT.genesysLookbackDays,
  'genesys.ratePerMinute': ENVIRONMENT.genesysRatePerMinute,
  'genesys.telephonyRetentionReason': ENVIRONMENT.genesysTelephonyRetentionReason,
  'chatbot.baseUrl': ENVIRONMENT.chatbotBaseUrl,
  'chatbot.apiToken': ENVIRONMENT.chatbotApiToken,
  'chatbot.uciKey': ENVIRONMENT.chatbotUciKey,
  'chatbot.uciFrom': ENVIRONMENT.chatbotUciFrom,
  'chatbot.deletePath': ENVIRONMENT.chatbotDeletePath,
  'chatbot.conversationsPath': ENVIRONMENT.chatbotConversationsPath,
  quotaGovernor: ENVIRONMENT.quotaGovernor,
  expand: ENVIRONMENT.expand,
  warehouse: ENVIRONMENT.warehouse,
  'webhooks.urls': ENVIRONMENT.webhookUrls,
  'webhooks.secret': ENVIRONMENT.webhookSecret,
  'certificate.signingKey': ENVIRONMENT.certSigningKey,
  'certificate.keyId': ENVIRONMENT.certKeyId,
  'codec.keys': ENVIRONMENT.codecKeys,
  'codec.keyId': ENVIRONMENT.codecKeyId,
  'codecServer.mode': ENVIRONMENT.codecServerMode,
  'codecServer.host': ENVIRONMENT.codecServerHost,
  'codecServer.port': ENVIRONMENT.codecServerPort,
  'codecServer.allowedOrigins': ENVIRONMENT.codecAllowedOrigins,
  'codecServer.tlsCertFile': ENVIRONMENT.codecTlsCert,
  'codecServer.tlsKeyFile': ENVIRONMENT.codecTlsKey,
  'codecServer.jwtPublicKeyFile': ENVIRONMENT.codecJwtPublicKey,
  'codecServer.jwksUrl': ENVIRONMENT.codecJwksUrl,
  'codecServer.jwtIssuer': ENVIRONMENT.codecJwtIssuer,
  'codecServer.jwtAudience': ENVIRONMENT.codecJwtAudience,
  'worker.healthAddress': ENVIRONMENT.healthAddress,
  'worker.metricsAddress': ENVIRONMENT.metricsAddress,
  'worker.metricPrefix': ENVIRONMENT.metricsPrefix,
  'worker.tracing': ENVIRONMENT.tracing,
  'worker.serviceName': ENVIRONMENT.otelServiceName,
  'worker.otlpEndpoint': ENVIRONMENT.otlpEndpoint,
  'worker.otlpTracesEndpoint': ENVIRONMENT.otlpTracesEndpoint,
  'worker.shutdownGraceMs': ENVIRONMENT.shutdownGraceMs,
  'worker.maxCachedWorkflows': ENVIRONMENT.maxCachedWorkflows,
  'worker.maxConcurrentWorkflowTasks': ENVIRONMENT.maxConcurrentWorkflowTasks,
  'worker.maxConcurrentActivities': ENVIRONMENT.maxConcurrentActivities,
};

export const ConfigSchema = z
  .object({
    temporal: z
      .object({
        // Absent: Temporal's own profile (TOML), then localhost:7233 / default (src/temporal-connection.ts).
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
    liveperson: LivePersonSchema.optional(),
    genesys: GenesysSchema.optional(),
    chatbot: ChatbotSchema.optional(),
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
export type LivePersonConfig = z.output<typeof LivePersonSchema>;
export type GenesysConfig = z.output<typeof GenesysSchema>;
export type ChatbotConfig = z.output<typeof ChatbotSchema>;

/** Thrown when the configuration is invalid; names each bad key and never its value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
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
        const variable = ENV_OF_KEY[field];
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
