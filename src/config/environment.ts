import { platformRegistry } from '../domain/platforms';

/**
 * Every environment variable Lethe reads, once: its name, and the configuration key it sets (the same
 * keys, nested, in the JSON file LETHE_CONFIG names; the environment wins over the file). Both the
 * reading (variable to key) and the error messages (key to variable) are derived from this one table.
 */
const GENERAL = {
  configFile: { env: 'LETHE_CONFIG' },
  temporalAddress: { env: 'TEMPORAL_ADDRESS', key: 'temporal.address' },
  temporalNamespace: { env: 'TEMPORAL_NAMESPACE', key: 'temporal.namespace' },
  taskQueue: { env: 'LETHE_TASK_QUEUE', key: 'temporal.taskQueue' },
  timeProfile: { env: 'LETHE_TIME_PROFILE', key: 'timeProfile' },
  dayMs: { env: 'LETHE_DAY_MS', key: 'dayMs' },
  platformClockEpoch: { env: 'LETHE_PLATFORM_CLOCK_EPOCH', key: 'platformClockEpoch' },
  logLevel: { env: 'LETHE_LOG_LEVEL', key: 'logLevel' },
  subjectHmacKey: { env: 'LETHE_SUBJECT_HMAC_KEY', key: 'subjectHmacKey' },
  httpTimeoutMs: { env: 'LETHE_HTTP_TIMEOUT_MS', key: 'httpTimeoutMs' },
  quotaGovernor: { env: 'LETHE_QUOTA_GOVERNOR', key: 'quotaGovernor' },
  expand: { env: 'LETHE_EXPAND', key: 'expand' },
  warehouse: { env: 'LETHE_WAREHOUSE', key: 'warehouse' },
  webhookUrls: { env: 'LETHE_WEBHOOK_URLS', key: 'webhooks.urls' },
  webhookSecret: { env: 'LETHE_WEBHOOK_SECRET', key: 'webhooks.secret' },
  certSigningKey: { env: 'LETHE_CERT_SIGNING_KEY', key: 'certificate.signingKey' },
  certKeyId: { env: 'LETHE_CERT_KEY_ID', key: 'certificate.keyId' },
  codecKeys: { env: 'LETHE_CODEC_KEYS', key: 'codec.keys' },
  codecKeyId: { env: 'LETHE_CODEC_KEY_ID', key: 'codec.keyId' },
  codecServerMode: { env: 'LETHE_CODEC_SERVER_MODE', key: 'codecServer.mode' },
  codecServerHost: { env: 'LETHE_CODEC_SERVER_HOST', key: 'codecServer.host' },
  codecServerPort: { env: 'LETHE_CODEC_SERVER_PORT', key: 'codecServer.port' },
  codecAllowedOrigins: { env: 'LETHE_CODEC_ALLOWED_ORIGINS', key: 'codecServer.allowedOrigins' },
  codecTlsCert: { env: 'LETHE_CODEC_TLS_CERT', key: 'codecServer.tlsCertFile' },
  codecTlsKey: { env: 'LETHE_CODEC_TLS_KEY', key: 'codecServer.tlsKeyFile' },
  codecJwtPublicKey: { env: 'LETHE_CODEC_JWT_PUBLIC_KEY', key: 'codecServer.jwtPublicKeyFile' },
  codecJwksUrl: { env: 'LETHE_CODEC_JWKS_URL', key: 'codecServer.jwksUrl' },
  codecJwtIssuer: { env: 'LETHE_CODEC_JWT_ISSUER', key: 'codecServer.jwtIssuer' },
  codecJwtAudience: { env: 'LETHE_CODEC_JWT_AUDIENCE', key: 'codecServer.jwtAudience' },
  healthAddress: { env: 'LETHE_HEALTH_ADDRESS', key: 'worker.healthAddress' },
  metricsAddress: { env: 'LETHE_METRICS_ADDRESS', key: 'worker.metricsAddress' },
  metricsPrefix: { env: 'LETHE_METRICS_PREFIX', key: 'worker.metricPrefix' },
  tracing: { env: 'LETHE_TRACING', key: 'worker.tracing' },
  shutdownGraceMs: { env: 'LETHE_SHUTDOWN_GRACE_MS', key: 'worker.shutdownGraceMs' },
  maxCachedWorkflows: { env: 'LETHE_WORKER_MAX_CACHED_WORKFLOWS', key: 'worker.maxCachedWorkflows' },
  maxConcurrentWorkflowTasks: {
    env: 'LETHE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
    key: 'worker.maxConcurrentWorkflowTasks',
  },
  maxConcurrentActivities: {
    env: 'LETHE_WORKER_MAX_CONCURRENT_ACTIVITIES',
    key: 'worker.maxConcurrentActivities',
  },
  intakeHost: { env: 'LETHE_INTAKE_HOST', key: 'intake.host' },
  intakePort: { env: 'LETHE_INTAKE_PORT', key: 'intake.port' },
  intakeTaskQueue: { env: 'LETHE_INTAKE_TASK_QUEUE', key: 'intake.taskQueue' },
  intakePollMs: { env: 'LETHE_INTAKE_POLL_MS', key: 'intake.pollMs' },
  transcendPullDataSiloId: {
    env: 'LETHE_INTAKE_TRANSCEND_PULL_DATA_SILO_ID',
    key: 'intake.transcend.pullDataSiloId',
  },
  transcendPullEveryMs: { env: 'LETHE_INTAKE_TRANSCEND_PULL_EVERY_MS', key: 'intake.transcend.pullEveryMs' },
  ketchHeaderName: { env: 'LETHE_INTAKE_KETCH_HEADER_NAME', key: 'intake.ketch.headerName' },
  ketchHeaderValue: { env: 'LETHE_INTAKE_KETCH_HEADER_VALUE', key: 'intake.ketch.headerValue' },
  ketchIdentityKinds: { env: 'LETHE_INTAKE_KETCH_IDENTITY_KINDS', key: 'intake.ketch.identityKinds' },
  onetrustHostUrl: { env: 'LETHE_INTAKE_ONETRUST_HOST_URL', key: 'intake.onetrust.hostUrl' },
  onetrustClientId: { env: 'LETHE_INTAKE_ONETRUST_CLIENT_ID', key: 'intake.onetrust.clientId' },
  onetrustClientSecret: { env: 'LETHE_INTAKE_ONETRUST_CLIENT_SECRET', key: 'intake.onetrust.clientSecret' },
  onetrustHeaderName: { env: 'LETHE_INTAKE_ONETRUST_HEADER_NAME', key: 'intake.onetrust.headerName' },
  onetrustHeaderValue: { env: 'LETHE_INTAKE_ONETRUST_HEADER_VALUE', key: 'intake.onetrust.headerValue' },
  onetrustIdentifierKinds: {
    env: 'LETHE_INTAKE_ONETRUST_IDENTIFIER_KINDS',
    key: 'intake.onetrust.identifierKinds',
  },
  fidesUrl: { env: 'LETHE_INTAKE_FIDES_URL', key: 'intake.fides.url' },
  fidesConnectorKey: { env: 'LETHE_INTAKE_FIDES_CONNECTOR_KEY', key: 'intake.fides.connectorKey' },
  intakeApiKeys: { env: 'LETHE_INTAKE_API_KEYS', key: 'intake.apiKeys' },
  transcendSombraUrl: { env: 'LETHE_INTAKE_TRANSCEND_SOMBRA_URL', key: 'intake.transcend.sombraUrl' },
  transcendApiKey: { env: 'LETHE_INTAKE_TRANSCEND_API_KEY', key: 'intake.transcend.apiKey' },
  transcendSombraApiKey: {
    env: 'LETHE_INTAKE_TRANSCEND_SOMBRA_API_KEY',
    key: 'intake.transcend.sombraApiKey',
  },
  transcendAudience: { env: 'LETHE_INTAKE_TRANSCEND_AUDIENCE', key: 'intake.transcend.audience' },
  transcendIdentifierKinds: {
    env: 'LETHE_INTAKE_TRANSCEND_IDENTIFIER_KINDS',
    key: 'intake.transcend.identifierKinds',
  },
  // OpenTelemetry's own standard variables (the exporter reads its other OTEL_EXPORTER_OTLP_* itself).
  otelServiceName: { env: 'OTEL_SERVICE_NAME', key: 'worker.serviceName' },
  otlpEndpoint: { env: 'OTEL_EXPORTER_OTLP_ENDPOINT', key: 'worker.otlpEndpoint' },
  otlpTracesEndpoint: { env: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', key: 'worker.otlpTracesEndpoint' },
} as const satisfies Record<string, { readonly env: string; readonly key?: string }>;

type Registered = (typeof platformRegistry)[number];
type VariablesOf<P extends Registered> = {
  readonly [F in keyof P['settings']['variables'] & string as `${P['id']}${Capitalize<F>}`]: {
    readonly env: string;
    readonly key: string;
  };
};
type EachPlatform<P> = P extends Registered ? VariablesOf<P> : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Each platform's variables, as its settings declare them: `livepersonAccountId` sets `liveperson.accountId`. */
const platformVariables = Object.fromEntries(
  platformRegistry.flatMap((p) =>
    Object.entries(p.settings.variables).map(([field, env]) => [
      `${p.id}${field.charAt(0).toUpperCase()}${field.slice(1)}`,
      { env, key: `${p.id}.${field}` },
    ]),
  ),
) as Intersection<EachPlatform<Registered>>;

export const VARIABLES = { ...GENERAL, ...platformVariables };
