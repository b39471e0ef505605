import type { SimulatorCore } from '../../kit/serve';
import type { KetchOptions } from './options';
import type { KetchStore } from './store';

/** Everything the simulator's routes and its forwarder share. */
export interface KetchContext extends SimulatorCore {
  readonly options: KetchOptions;
  /** Where requests are forwarded; the admin API can change it (a reset restores the option's value). */
  readonly endpoint: { url?: string };
  readonly store: KetchStore;
  /** The simulator's own base URL (callback URLs point at it); set once it listens. */
  baseUrl: string;
}

/** The endpoint as the options start it. */
export const endpointOf = (options: KetchOptions): { url?: string } =>
  options.endpointUrl !== undefined ? { url: options.endpointUrl } : {};

/** The callback URL Ketch hands the executor for request `uid`. */
export const callbackUrl = (ctx: KetchContext, uid: string): string =>
  `${ctx.baseUrl}/callbacks/${encodeURIComponent(uid)}`;
