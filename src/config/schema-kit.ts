import { z } from 'zod';
import { Secret } from './secret';

// The building blocks of settings schemas, platforms' included. Only zod and Secret: a platform's settings
// are declared with its other facts, which the workflow sandbox loads too.

export const secret = z
  .string()
  .min(1)
  .transform((v) => new Secret(v));
export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' });

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

export const apiPath = z.string().regex(/^\/[^\s?#]*$/, 'must be a path starting with /');
