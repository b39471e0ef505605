import { z } from 'zod';
import { sharedSchema } from './shared-schemas';
import { DAY_MS } from './timing';

/**
 * The platforms' clock in a compressed run (DESIGN §12): from `epochMs` on, `rate` platform milliseconds
 * pass per real (or workflow) millisecond, so Lethe and the platforms (or their simulators) agree on
 * what day it is while a day lasts a second. Absent in the standard profile: platform time is real time.
 */
export const PlatformClockSchema = sharedSchema('platform-clock/PlatformClockSchema', () =>
  z.object({ epochMs: z.number(), rate: z.number().positive() }),
);
export type PlatformClock = z.output<typeof PlatformClockSchema>;

/** Platform time at real (or workflow) time `ms`. */
export const platformTimeAt = (clock: PlatformClock | undefined, ms: number): number =>
  clock ? clock.epochMs + (ms - clock.epochMs) * clock.rate : ms;

/** Real (or workflow) time at platform time `ms`: the inverse of `platformTimeAt`. */
export const realTimeAt = (clock: PlatformClock | undefined, ms: number): number =>
  clock ? clock.epochMs + (ms - clock.epochMs) / clock.rate : ms;

/** The clock of a compressed profile whose day lasts `dayMs`, running from `epochMs`. */
export const compressedClock = (epochMs: number, dayMs: number): PlatformClock => ({
  epochMs,
  rate: DAY_MS / dayMs,
});
