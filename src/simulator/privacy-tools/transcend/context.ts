import { ContractError, type SimRequest } from '../../kit/http';
import type { SimulatorCore } from '../../kit/serve';
import type { TranscendOptions } from './options';
import type { SlidingWindowLimiter } from './rate-limit';
import type { SombraSigner } from './signing';
import type { TranscendStore } from './store';

/** The silo's settings the admin API can change after start (a reset restores the options' values). */
export interface SiloSettings {
  webhookUrl?: string;
  ratePerMinute: number;
}

/** Everything the simulator's routes and webhook sender share. */
export interface TranscendContext extends SimulatorCore {
  readonly options: TranscendOptions;
  readonly silo: SiloSettings;
  readonly store: TranscendStore;
  readonly signer: SombraSigner;
  readonly limiter: SlidingWindowLimiter;
  /** The simulator's own base URL (request links point at it); set once it listens. */
  baseUrl: string;
}

/** The silo's settings as the options start them. */
export const siloSettingsOf = (options: TranscendOptions): SiloSettings => ({
  ...(options.webhookUrl !== undefined ? { webhookUrl: options.webhookUrl } : {}),
  ratePerMinute: options.ratePerMinute,
});

/** Every call Lethe makes carries the silo's API key as a bearer token; anything else is a 401. */
export function authenticate(ctx: TranscendContext, req: SimRequest): void {
  if (req.headers.authorization !== `Bearer ${ctx.options.apiKey}`) {
    throw new ContractError(401, 'missing or invalid API key (authorization: Bearer <API key>)');
  }
}
