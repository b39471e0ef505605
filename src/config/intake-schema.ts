import { z } from 'zod';
import { type IdentifierKind, identifierKinds } from '../domain/identifiers';
import { httpUrl, secret } from './schema-kit';
import { Secret } from './secret';

/** `type:kind,…`: a privacy tool's identifier types, each as one of Lethe's identifier kinds. */
const identifierTypeMap = z
  .union([
    z.string().transform((v, ctx) => {
      const map: Record<string, string> = {};
      for (const pair of v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [type, kind] = pair.split(':').map((x) => x.trim());
        if (!type || !kind) {
          ctx.addIssue({ code: 'custom', message: 'must be type:kind pairs, comma-separated' });
          return z.NEVER;
        }
        map[type] = kind;
      }
      return map;
    }),
    z.record(z.string(), z.string()),
  ])
  .pipe(z.record(z.string().min(1).max(100), z.enum(identifierKinds)))
  .transform((m) => m as Record<string, IdentifierKind>);

/** `name:key,…`: each caller of the status API, named in the evidence, with its bearer key. */
const apiKeyList = z
  .union([
    z.string().transform((v) =>
      v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((pair) => {
          const at = pair.indexOf(':');
          return at < 0
            ? { name: '', key: pair }
            : { name: pair.slice(0, at).trim(), key: pair.slice(at + 1).trim() };
        }),
    ),
    z.array(z.object({ name: z.string(), key: z.string() })),
  ])
  .pipe(
    z
      .array(
        z.object({
          name: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'each name must be 1-63 letters, digits, ".", "_" or "-"'),
          key: z
            .string()
            .min(32, 'each key must be at least 32 characters')
            .transform((k) => new Secret(k)),
        }),
      )
      .min(1, 'must name at least one caller'),
  );

/** Transcend, one data silo (../shared/notes/dsr-tool-contracts.md §1.1). */
export const TranscendIntakeSchema = z.object({
  sombraUrl: httpUrl.default('https://multi-tenant.sombra.transcend.io'),
  apiKey: secret,
  sombraApiKey: secret.optional(),
  audience: z.string().trim().min(1),
  identifierKinds: identifierTypeMap.default({ email: 'email', phone: 'phone' }),
  /** Set: the silo's pending erasures are pulled (`pending-requests/ERASURE`), every `pullEveryMs`. */
  pullDataSiloId: z.string().trim().min(1).optional(),
  pullEveryMs: z.coerce.number().int().min(1000).default(300_000),
});

/** Ketch, its forwarder (../shared/notes/dsr-tool-contracts.md §1.3). */
export const KetchIntakeSchema = z.object({
  headerName: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,100}$/, 'must be an HTTP header name')
    .default('Authorization'),
  headerValue: secret,
  identityKinds: identifierTypeMap.default({ email: 'email', phone: 'phone' }),
});

/** OneTrust, its workflow integration's HTTP action and the subtask API (../shared/notes/dsr-tool-contracts.md §1.4). */
export const OneTrustIntakeSchema = z.object({
  hostUrl: httpUrl.default('https://app.onetrust.com'),
  clientId: z.string().trim().min(1),
  clientSecret: secret,
  headerName: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,100}$/, 'must be an HTTP header name')
    .default('Authorization'),
  headerValue: secret,
  identifierKinds: identifierTypeMap.default({ email: 'email', phone: 'phone' }),
});

/** Ethyca Fides, through Lethe's SaaS connector (deploy/fides/, ../shared/notes/dsr-tool-contracts.md §1.2). */
export const FidesIntakeSchema = z.object({
  /** The Fides server the callbacks go to. */
  url: httpUrl,
  /** The connector's `api_key`, at least 32 characters. */
  connectorKey: z
    .string()
    .min(32, 'must be at least 32 characters')
    .transform((v) => new Secret(v)),
});

/**
 * The intake service (`lethe intake`, issue 19): where it listens, its worker's task queue, how often its
 * reporters look at an erasure, and each privacy tool it takes requests from (absent: not served).
 */
export const IntakeSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8490),
  taskQueue: z.string().min(1).default('lethe-intake'),
  /** Between two looks at an erasure; default an hour (a compressed day shortens it in proportion). */
  pollMs: z.coerce.number().int().positive().optional(),
  transcend: TranscendIntakeSchema.optional(),
  ketch: KetchIntakeSchema.optional(),
  onetrust: OneTrustIntakeSchema.optional(),
  fides: FidesIntakeSchema.optional(),
  /** Callers of Lethe's own signed status API: `name:key` pairs, comma-separated (keys ≥ 32 characters). */
  apiKeys: apiKeyList.optional(),
});
export type IntakeSettings = z.output<typeof IntakeSchema>;
