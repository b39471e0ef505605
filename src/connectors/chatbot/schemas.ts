import { z } from 'zod';

/**
 * One entry of the Conversations log (only the fields Lethe reads; the rest pass through). A deleted
 * conversation keeps its entry, with `deleted` set and its transcript and UCI value gone.
 */
export const ConversationSchema = z.looseObject({
  id: z.string().min(1),
  /** `null` while the conversation is open. */
  ended_at: z.string().nullable(),
  deleted: z.boolean(),
  uci_value: z.string().nullable(),
  transcript: z.array(z.unknown()).nullable(),
});
export type ChatbotConversation = z.infer<typeof ConversationSchema>;

/** One page of a chatter's conversations (pages count from 1). */
export const ConversationPageSchema = z.looseObject({
  conversations: z.array(ConversationSchema),
  page: z.number().int().positive(),
  page_size: z.number().int().positive(),
  total: z.number().int().nonnegative(),
});

/** The acknowledgement of a compliance request: the 200 itself; the body holds no id or status. */
export const RequestReceivedSchema = z.looseObject({ message: z.string().optional() });
