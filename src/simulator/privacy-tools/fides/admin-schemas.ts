import { z } from 'zod';

/** `POST /admin/executor`: Lethe's base URL (the connector's `https://<domain>`). */
export const ExecutorSchema = z.object({ url: z.url() });
export type ExecutorInput = z.input<typeof ExecutorSchema>;

/** `POST /admin/privacy-requests`: an erasure request for one email identity; created `pending`, not run. */
export const NewRequestSchema = z.object({
  /** Default: `pri_` and a random UUID, the form of Fides' privacy request ids. */
  id: z.string().min(1).optional(),
  email: z.email(),
});
export type NewRequestInput = z.input<typeof NewRequestSchema>;
