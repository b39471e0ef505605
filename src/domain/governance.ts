import type { PlatformClock } from './platform-clock';
import { type PlatformId, platformLimits } from './platforms';
import type { GovernorInput } from './request';
import { DAY_MS, standardTiming, type Timing } from './timing';

/** Lethe's side of a governor's policy; the platform's side comes from its documented limits. */
export interface GovernanceOptions {
  /** The account's monthly request quota, when its account team changed the platform's default. */
  readonly monthlyQuota?: number;
  /** How long ids may wait for a fuller request; default one day of the timing. */
  readonly flushWindowMs?: number;
  /**
   * The platforms' clock of a compressed run: the governor then counts quota months and its policy's
   * days on it (real days of platform time), while its timers and retries keep the timing's scale.
   */
  readonly platformClock?: PlatformClock;
  /** Signals one governor run takes before it continues as new (default `DEFAULT_SIGNALS_PER_RUN`). */
  readonly maxSignalsPerRun?: number;
}

/**
 * The start input of the quota governor of one platform account, in the erasures' own time scale: its
 * flush window is a day, it looks at its queue hourly, and it sends early enough that the platform's
 * promised deletion time still ends before a subject's deadline.
 */
export function governorInputFor(
  platform: PlatformId,
  account: string,
  timing: Timing,
  options: GovernanceOptions = {},
): GovernorInput | undefined {
  if (options.platformClock) {
    const { platformClock, ...rest } = options;
    const onPlatform = governorInputFor(platform, account, standardTiming, rest);
    if (!onPlatform) return undefined;
    return {
      ...onPlatform,
      tickMs: Math.max(1000, Math.round(timing.dayMs / 24)),
      callTimeoutMs: timing.callTimeoutMs,
      attentionRetryMs: timing.attentionRetryMs,
      platformClock,
    };
  }
  const limits = platformLimits[platform];
  const monthlyQuota = options.monthlyQuota ?? limits.monthlyRequestQuota;
  if (monthlyQuota === undefined) return undefined; // no quota: nothing to govern
  const flushWindowMs = options.flushWindowMs ?? timing.dayMs;
  return {
    platform,
    account,
    policy: {
      maxIdsPerRequest: limits.maxIdsPerRequest,
      monthlyQuota,
      kinds: [...limits.kinds],
      flushWindowMs,
      // The platform's promise (LivePerson: 25 days), in the timing's days: a deadline needs ids out by then.
      deletionWindowMs: Math.round((limits.deletionWithinMs / DAY_MS) * timing.dayMs),
    },
    // Hourly in real days; never more than once a second in a compressed profile.
    tickMs: Math.max(1000, Math.round(flushWindowMs / 24)),
    attentionRetryMs: timing.attentionRetryMs,
    callTimeoutMs: timing.callTimeoutMs,
    ...(options.maxSignalsPerRun !== undefined ? { maxSignalsPerRun: options.maxSignalsPerRun } : {}),
  };
}
