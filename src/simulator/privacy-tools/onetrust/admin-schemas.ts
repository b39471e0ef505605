import { z } from 'zod';

/** `POST /admin/intake`: where the HTTP action posts (Lethe's intake). */
export const IntakeSchema = z.object({ url: z.url() });
export type IntakeInput = z.input<typeof IntakeSchema>;

/** `POST /admin/subtasks`: a request received now, and its system subtask for Lethe (OPEN; nothing sent). */
export const NewSubtaskSchema = z.object({
  /** Default: ten random characters, as OneTrust's reference ids are (`ZASHMHK2K7`). */
  requestRefId: z.string().min(1).optional(),
  /** The request's identifiers, as the admin's mapping puts them in the HTTP action's body. */
  identifiers: z.array(z.object({ type: z.string().min(1), value: z.string().min(1) })).min(1),
  /** Default: the `deadlineInDays` option. */
  deadlineInDays: z.number().int().positive().optional(),
});
export type NewSubtaskInput = z.input<typeof NewSubtaskSchema>;

/** `POST /admin/subtasks/{id}/trigger`: `headerValue` replaces the header's value; up to `attempts` POSTs. */
export const TriggerSchema = z.object({
  headerValue: z.string().optional(),
  attempts: z.number().int().min(1).max(10).default(1),
});
export type TriggerInput = z.input<typeof TriggerSchema>;

/** `POST /admin/rate-limit`: calls per minute to each subtask endpoint. */
export const RateLimitSchema = z.object({ perMinute: z.number().int().positive() });
