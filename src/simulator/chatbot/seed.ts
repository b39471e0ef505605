import { z } from 'zod';

/** A point in time as epoch ms or an ISO-8601 string; kept as epoch ms. */
const InstantSchema = z.union([z.number().int(), z.iso.datetime().transform((iso) => Date.parse(iso))]);

/** One seeded conversation; everything but the transcript has a plain default. */
export const SeedConversationSchema = z.object({
  /** Generated when absent. */
  id: z.string().min(1).optional(),
  /** Default: ten minutes before the simulator's now. */
  started_at: InstantSchema.optional(),
  /** `null`: still open. Default: five minutes after the start. */
  ended_at: InstantSchema.nullable().optional(),
  channel: z.string().min(1).default('webchat'),
  title: z.string().default('Conversation'),
  transcript: z
    .array(
      z.object({
        from: z.enum(['user', 'bot', 'agent']).default('user'),
        text: z.string(),
        /** Default: a second apart from the start. */
        at: InstantSchema.optional(),
      }),
    )
    .default([]),
  files: z.array(z.string().min(1)).default([]),
  csat_score: z.number().nullable().default(null),
  csat_comment: z.string().nullable().default(null),
  conversation_score: z.number().nullable().default(null),
  /** Default: whether any file was uploaded. */
  has_file_upload: z.boolean().optional(),
  has_handover: z.boolean().default(false),
  has_push: z.boolean().default(false),
});

/** Admin seed body: chatters by UCI value, each with their conversations. */
export const SeedSchema = z.object({
  chatters: z
    .array(
      z.object({
        uci_value: z.string().min(1),
        conversations: z.array(SeedConversationSchema).default([]),
      }),
    )
    .default([]),
});
export type Seed = z.output<typeof SeedSchema>;
export type SeedInput = z.input<typeof SeedSchema>;
export type SeedConversation = z.output<typeof SeedConversationSchema>;
