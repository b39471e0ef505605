import { z } from 'zod';
import { requestTypes } from './contract';
import { forgeryKinds } from './signing';

/** `POST /admin/silo`: where webhooks go, and the PUT rate limit. */
export const SiloSchema = z.object({
  webhookUrl: z.url().optional(),
  ratePerMinute: z.number().int().positive().optional(),
});
export type SiloInput = z.input<typeof SiloSchema>;

/** `POST /admin/requests`: a privacy request and its identifiers, one profile (and nonce) each. */
export const NewRequestSchema = z.object({
  /** Default: a random UUID, as Transcend's request ids are. */
  id: z.string().min(1).optional(),
  type: z.enum(requestTypes).default('ERASURE'),
  /** What the tokens vouch for. Default: the first identifier's value. */
  coreIdentifier: z.string().min(1).optional(),
  identifiers: z.array(z.object({ type: z.string().min(1), value: z.string().min(1) })).min(1),
  /** Request attributes, as the pending list carries them. */
  attributes: z.array(z.object({ key: z.string().min(1), values: z.array(z.string()) })).default([]),
});
export type NewRequestInput = z.input<typeof NewRequestSchema>;

/** `POST /admin/requests/{id}/deliver`: profile indexes to deliver (default: every unresolved one). */
export const DeliverSchema = z.object({ only: z.array(z.number().int().nonnegative()).optional() });

/** `POST /admin/requests/{id}/deliver-forged`: how to break the token, and whose webhook it imitates. */
export const ForgedSchema = z.object({
  kind: z.enum(forgeryKinds),
  profile: z.number().int().nonnegative().default(0),
});
export type ForgedInput = z.input<typeof ForgedSchema>;
