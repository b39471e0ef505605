import { z } from 'zod';
import { type IdentifierKind, identifierKinds } from '../domain/identifiers';
import { httpUrl, secret } from './schema-kit';

/** `type:kind,…`: Transcend's identifier types, each as one of Lethe's identifier kinds. */
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

/** Transcend, one data silo (../shared/notes/dsr-tool-contracts.md §1.1). */
export const TranscendIntakeSchema = z.object({
  sombraUrl: httpUrl.default('https://multi-tenant.sombra.transcend.io'),
  apiKey: secret,
  sombraApiKey: secret.optional(),
  audience: z.string().trim().min(1),
  identifierKinds: identifierTypeMap.default({ email: 'email', phone: 'phone' }),
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
});
export type IntakeSettings = z.output<typeof IntakeSchema>;
