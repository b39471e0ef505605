import type { VirtualClock } from '../kit/clock';
import type { FaultInjector } from '../kit/faults';
import { ContractError, type SimRequest } from '../kit/http';
import type { Journal } from '../kit/journal';
import type { ChatbotSimulatorOptions } from './options';
import type { ChatbotStore } from './store';

/** Everything the simulator's routes share. */
export interface ChatbotSimulatorContext {
  readonly options: ChatbotSimulatorOptions;
  readonly store: ChatbotStore;
  readonly clock: VirtualClock;
  readonly journal: Journal;
  readonly faults: FaultInjector;
}

/** Every platform call carries the API token as a bearer token; anything else is a 401. */
export function authenticate(ctx: ChatbotSimulatorContext, req: SimRequest): void {
  if (req.headers.authorization !== `Bearer ${ctx.options.apiToken}`) {
    throw new ContractError(401, 'missing or invalid API token');
  }
}

/** A positive integer query parameter (at most `max`, if given), or `fallback` when absent. */
export function positiveInt(query: URLSearchParams, name: string, fallback: number, max?: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1 || (max !== undefined && n > max)) {
    const range = max === undefined ? 'a positive integer' : `an integer from 1 to ${max}`;
    throw new ContractError(400, `${name} must be ${range}`);
  }
  return n;
}
