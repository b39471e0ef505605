import { z } from 'zod';

/** An external contact (the org's address book): one person the org knows, with their identifiers. */
const ContactSeed = z.object({
  // Genesys answers UUIDs, but no format is documented: any id, to exercise ids Lethe did not expect.
  id: z.string().min(1),
  firstName: z.string().default(''),
  lastName: z.string().default(''),
  emails: z.array(z.string()).default([]),
  phones: z.array(z.string()).default([]),
  addresses: z.array(z.string()).default([]),
});

/** One interaction: the customer side (who the subject may be), an agent, and its recordings. */
const ConversationSeed = z.object({
  id: z.uuid(),
  mediaType: z.enum(['voice', 'email', 'chat', 'message']).default('voice'),
  start: z.number().int(),
  /** Absent: the interaction is still going on. */
  end: z.number().int().optional(),
  customer: z.object({
    name: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    externalContactId: z.string().min(1).optional(),
  }),
  agentName: z.string().default('Agent Smith'),
  /** The org's own number or address on the other side of the interaction. */
  orgAddress: z.string().default('+18005550100'),
  /**
   * `legalHold`: the org keeps the recording under a legal hold or retention policy. Genesys publishes
   * no such field in recording metadata, so the API never shows it: the recording simply stays listed
   * after a GDPR request completes, until the admin API releases it.
   */
  recordings: z.array(z.object({ id: z.uuid(), legalHold: z.boolean().default(false) })).default([]),
});

/** Admin seed body. Times are epoch ms on the simulator's clock. */
export const GenesysSeedSchema = z.object({
  contacts: z.array(ContactSeed).default([]),
  conversations: z.array(ConversationSeed).default([]),
});
export type GenesysSeed = z.input<typeof GenesysSeedSchema>;
export type ContactSeedData = z.output<typeof ContactSeed>;
export type ConversationSeedData = z.output<typeof ConversationSeed>;
