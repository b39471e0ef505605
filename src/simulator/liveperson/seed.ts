import { z } from 'zod';

/** Engagement attributes the simulator knows, rendered as LivePerson SDE events. */
export const SdesSchema = z
  .object({
    customerId: z.string().optional(),
    name: z.string().optional(),
    surname: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
  })
  .default({});

/** Admin seed body: consumers, messaging conversations and chat engagements. Times are epoch ms. */
export const SeedSchema = z.object({
  consumers: z
    .array(
      z.object({
        consumerId: z.string().min(1),
        firstName: z.string().optional(),
        lastName: z.string().optional(),
        email: z.string().optional(),
        phone: z.string().optional(),
      }),
    )
    .default([]),
  conversations: z
    .array(
      z.object({
        conversationId: z.string().min(1),
        consumerId: z.string().min(1),
        status: z.enum(['OPEN', 'CLOSE']).default('CLOSE'),
        startTime: z.number().int(),
        endTime: z.number().int().optional(),
        messages: z
          .array(z.object({ text: z.string(), sentBy: z.enum(['Consumer', 'Agent']).default('Consumer') }))
          .default([]),
        summary: z.string().optional(),
        sdes: SdesSchema,
      }),
    )
    .default([]),
  engagements: z
    .array(
      z.object({
        /** The chat id; the engagement id is the account id followed by it. */
        chatId: z.string().regex(/^\d+$/),
        visitorId: z.string().default('visitor'),
        visitorName: z.string().optional(),
        startTime: z.number().int(),
        endTime: z.number().int().optional(),
        ended: z.boolean().default(true),
        lines: z
          .array(
            z.object({ text: z.string(), source: z.enum(['visitor', 'agent', 'system']).default('visitor') }),
          )
          .default([]),
        sdes: SdesSchema,
      }),
    )
    .default([]),
});
export type Seed = z.output<typeof SeedSchema>;
export type SeedConsumer = Seed['consumers'][number];
export type SeedConversation = Seed['conversations'][number];
export type SeedEngagement = Seed['engagements'][number];
export type Sdes = z.output<typeof SdesSchema>;
