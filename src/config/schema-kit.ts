import { z } from 'zod';
import { sharedSchema } from '../domain/shared-schemas';
import { Secret } from './secret';

// The building blocks of settings schemas, platforms' included. Only zod and Secret: a platform's settings
// are declared with its other facts, which the workflow sandbox loads too; built once and shared
// (src/domain/shared-schemas.ts), so no cached workflow holds a copy of them.

export const secret = sharedSchema('settings/secret', () =>
  z
    .string()
    .min(1)
    .transform((v) => new Secret(v)),
);
export const httpUrl = sharedSchema('settings/httpUrl', () =>
  z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }),
);

/** A list given as an array (config file) or comma-separated (environment), each item checked by `item`. */
export const listOf = <O>(item: z.ZodType<O, string>) =>
  z
    .union([
      z.string().transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
      z.array(z.string()),
    ])
    .pipe(z.array(item));

export const apiPath = sharedSchema('settings/apiPath', () =>
  z.string().regex(/^\/[^\s?#]*$/, 'must be a path starting with /'),
);
