import { type GovernanceOptions, governorInputFor } from '../domain/governance';
import type { PlatformClock } from '../domain/platform-clock';
import { type PlatformId, platformIds } from '../domain/platforms';
import type { GovernorInput } from '../domain/request';
import type { Timing } from '../domain/timing';
import type { Config } from './index';

/** What a governor is set up from: each platform's settings (an account and its quota, where it has them). */
export type GovernedSettings = { readonly [P in PlatformId]?: Config[P] };

/**
 * The quota governors of a configuration: one for each configured platform whose documented limits
 * include a periodic request quota, on the account its settings name (the platform's own name when they
 * name none), with the quota the settings give (the platform's default otherwise). Derived from the
 * platforms' limits: no platform is named here.
 */
export function governorInputsOf(
  settings: GovernedSettings,
  timing: Timing,
  options: {
    readonly platformClock?: PlatformClock;
    /** Overrides of the monthly quota, by platform (tests: a governor that believes a different quota). */
    readonly monthlyQuota?: Partial<Record<PlatformId, number>>;
    readonly maxSignalsPerRun?: number;
  } = {},
): Partial<Record<PlatformId, GovernorInput>> {
  const inputs: Partial<Record<PlatformId, GovernorInput>> = {};
  for (const platform of platformIds) {
    const own = settings[platform] as
      | { readonly accountId?: string; readonly monthlyQuota?: number }
      | undefined;
    if (own === undefined) continue;
    const monthlyQuota = options.monthlyQuota?.[platform] ?? own.monthlyQuota;
    const governance: GovernanceOptions = {
      ...(monthlyQuota !== undefined ? { monthlyQuota } : {}),
      ...(options.platformClock ? { platformClock: options.platformClock } : {}),
      ...(options.maxSignalsPerRun !== undefined ? { maxSignalsPerRun: options.maxSignalsPerRun } : {}),
    };
    const input = governorInputFor(platform, own.accountId ?? platform, timing, governance);
    if (input) inputs[platform] = input;
  }
  return inputs;
}
