import { createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { jwksUrlProblem } from '../codec/jwks-url';
import { Keyring } from '../codec/keyring';
import { WarehouseTableSchema } from '../domain/warehouse';
import { httpUrl, listOf } from './schema-kit';
import { Secret } from './secret';

/**
 * The payload codec's keys (DESIGN §5): `id:base64key,…`, newest first; `keyId` picks another to
 * encrypt with. Required: Temporal history must not hold personal data in plaintext.
 */
export const CodecSchema = z
  .object({
    keys: z
      .string({ error: 'is required: payloads in Temporal history are encrypted with these keys' })
      .min(1)
      .transform((v) => new Secret(v)),
    keyId: z.string().trim().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    try {
      Keyring.parse(c.keys, c.keyId);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message, path: ['keys'] });
    }
  });

/**
 * The Ed25519 key that signs certificates (PEM, PKCS#8; `\n` escapes allowed in the environment) and
 * the id auditors know its public key by. Needed by workers; clients do without.
 */
export const CertificateSchema = z.object({
  signingKey: z
    .string()
    .min(1)
    .transform((v) => new Secret(v.replace(/\\n/g, '\n')))
    .refine(
      (s) => {
        try {
          return createPrivateKey(s.reveal()).asymmetricKeyType === 'ed25519';
        } catch {
          return false;
        }
      },
      { message: 'must be an Ed25519 private key in PEM (PKCS#8)' },
    ),
  keyId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 letters, digits or . _ : -'),
});

/**
 * Warehouses holding copies of platform data, each with its tables (DESIGN §2 phase 7): the embedded
 * DuckDB (a file) or PostgreSQL (a URL, a secret). Given in the config file, or as JSON in
 * LETHE_WAREHOUSE.
 */
export const WarehouseTargetSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('duckdb'),
    name: z.string().trim().min(1).default('duckdb'),
    path: z.string().min(1),
    tables: z.array(WarehouseTableSchema).min(1),
  }),
  z.object({
    type: z.literal('postgres'),
    name: z.string().trim().min(1).default('postgres'),
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .transform((v) => new Secret(v)),
    tables: z.array(WarehouseTableSchema).min(1),
  }),
]);
export const WarehouseSchema = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v; // reported by the schema below as not a list
  }
}, z.array(WarehouseTargetSchema).min(1));

/** Downstream subscribers told of every erasure's end, by webhook signed with the shared secret. */
export const WebhooksSchema = z.object({
  urls: listOf(httpUrl).refine((urls) => urls.length > 0, 'must name at least one subscriber URL'),
  secret: z
    .string()
    .min(32, 'must be at least 32 characters')
    .transform((v) => new Secret(v)),
});

/** The codec server the Web UI calls (DESIGN §5): local (loopback, no token) or production (TLS + token). */
export const CodecServerSchema = z
  .object({
    mode: z.enum(['local', 'production']).default('local'),
    host: z.string().min(1).optional(),
    port: z.coerce.number().int().min(0).max(65_535).default(8888),
    allowedOrigins: listOf(
      z.url({ message: 'must be an origin such as https://temporal-ui.example.com' }),
    ).default(['http://localhost:8233', 'http://127.0.0.1:8233', 'http://localhost:8080']),
    tlsCertFile: z.string().min(1).optional(),
    tlsKeyFile: z.string().min(1).optional(),
    jwtPublicKeyFile: z.string().min(1).optional(),
    /** The identity provider's key set (JWKS): keys by kid, refetched when it rotates them. */
    jwksUrl: z
      .string()
      .check((ctx) => {
        const problem = jwksUrlProblem(ctx.value);
        if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
      })
      .optional(),
    jwtIssuer: z.string().min(1).optional(),
    jwtAudience: z.string().min(1).optional(),
  })
  .refine((c) => c.mode === 'local' || (c.tlsCertFile && c.tlsKeyFile), {
    message: 'production mode serves HTTPS only: set the TLS certificate and key',
    path: ['tlsCertFile'],
  })
  .refine((c) => c.mode === 'local' || c.jwtPublicKeyFile || c.jwksUrl, {
    message:
      "production mode verifies the operator's access token: set the identity provider's public key, or its key set URL (codecServer.jwksUrl, LETHE_CODEC_JWKS_URL)",
    path: ['jwtPublicKeyFile'],
  })
  .refine((c) => !(c.jwtPublicKeyFile && c.jwksUrl), {
    message:
      'the access token is verified with one of codecServer.jwtPublicKeyFile (LETHE_CODEC_JWT_PUBLIC_KEY) and codecServer.jwksUrl (LETHE_CODEC_JWKS_URL), not both: keep the key set URL if the identity provider publishes one',
    path: ['jwksUrl'],
  });

/** A listener's `ip:port` (IPv6 in brackets, `[::]:8090`); port 0 lets the system pick a free one. */
export const bindAddress = z.string().transform((v, ctx) => {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(v.trim());
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!host || !isIP(host) || port > 65_535) {
    ctx.addIssue({ code: 'custom', message: 'must be ip:port, such as 0.0.0.0:8090 or [::]:8090' });
    return z.NEVER;
  }
  return { host, port };
});
export type BindAddress = z.output<typeof bindAddress>;

/**
 * How the worker process is operated: health endpoints, Prometheus metrics from the SDK, OpenTelemetry
 * tracing, and how long a shutdown lets in-flight activities finish.
 */
export const WorkerOpsSchema = z.object({
  /** `/healthz` and `/readyz`; absent: no health server. */
  healthAddress: bindAddress.optional(),
  /** The SDK's Prometheus scrape endpoint (`/metrics`); absent: no metrics. */
  metricsAddress: bindAddress.optional(),
  metricPrefix: z
    .string()
    .regex(/^([a-zA-Z_][a-zA-Z0-9_]*)?$/, 'must be a Prometheus name prefix (letters, digits, _)')
    .default('temporal_'),
  /** `otlp`: OTLP over HTTP to the standard OTEL_EXPORTER_OTLP_* endpoint; `console`: stdout, for debugging. */
  tracing: z.enum(['off', 'otlp', 'console']).default('off'),
  serviceName: z.string().trim().min(1).default('lethe-worker'),
  otlpEndpoint: httpUrl.optional(),
  otlpTracesEndpoint: httpUrl.optional(),
  /** After a shutdown signal, how long in-flight activities may run before they are cancelled. */
  shutdownGraceMs: z.coerce.number().int().nonnegative().max(3_600_000).default(30_000),
  /**
   * Workflows kept in the worker's cache (their state in memory, replay avoided): what bounds the
   * worker's memory, whatever the number of erasures in flight. The SDK's own default follows the
   * machine's memory (thousands); each cached erasure costs a few MB.
   */
  maxCachedWorkflows: z.coerce.number().int().nonnegative().max(100_000).default(500),
  /** Workflow tasks run at once. */
  maxConcurrentWorkflowTasks: z.coerce.number().int().min(2).max(1000).default(40),
  /** Activities (platform calls) run at once. */
  maxConcurrentActivities: z.coerce.number().int().positive().max(10_000).default(100),
});
export type WorkerOps = z.output<typeof WorkerOpsSchema>;
