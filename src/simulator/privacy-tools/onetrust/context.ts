import type { SimulatorCore } from '../../kit/serve';
import type { OneTrustOptions } from './options';
import type { MinuteLimiter } from './rate-limit';
import type { OneTrustStore } from './store';
import type { OneTrustTokens } from './tokens';

/** The tenant's settings the admin API can change after start (a reset restores the options' values). */
export interface TenantSettings {
  intakeUrl?: string;
  ratePerMinute: number;
}

/** Who the tenant is, as its tokens describe it (fixed for the simulator's life). */
export interface TenantIdentity {
  readonly tenantGuid: string;
  readonly tenantId: number;
  readonly orgGroupGuid: string;
}

/** Everything the simulator's routes and its HTTP action share. */
export interface OneTrustContext extends SimulatorCore {
  readonly options: OneTrustOptions;
  readonly settings: TenantSettings;
  readonly tenant: TenantIdentity;
  readonly store: OneTrustStore;
  readonly tokens: OneTrustTokens;
  readonly limiter: MinuteLimiter;
}

/** The settings as the options start them. */
export const settingsOf = (options: OneTrustOptions): TenantSettings => ({
  ...(options.intakeUrl !== undefined ? { intakeUrl: options.intakeUrl } : {}),
  ratePerMinute: options.ratePerMinute,
});
