import type { CallJournal } from '../kit/call-journal';
import { ContractError, type SimRequest } from '../kit/http';
import type { SimulatorCore } from '../kit/serve';
import type { ZendeskSimulatorOptions } from './options';
import type { RateLimiter } from './rate-limits';
import type { ZendeskStore } from './store';

/** Everything the Zendesk simulator's routes share. */
export interface ZendeskContext extends SimulatorCore {
  readonly options: ZendeskSimulatorOptions;
  readonly store: ZendeskStore;
  readonly journal: CallJournal;
  readonly limiter: RateLimiter;
  /** The plan's requests a minute now (the admin API can change it). */
  ratePerMinute: number;
  /** The simulator's own base URL, once it listens. */
  url: string;
}

/**
 * The base URL a client reached the simulator by (its `Host` header), for the absolute URLs Zendesk
 * answers with (`next_page`, `url`, `content_url`); the bound address when there is none.
 */
export function baseOf(ctx: Pick<ZendeskContext, 'url'>, req: Pick<SimRequest, 'headers'>): string {
  const host = req.headers.host;
  return host && /^[A-Za-z0-9.[\]:-]+$/.test(host) ? `http://${host}` : ctx.url;
}

/** A Support API error in Zendesk's `{error, description}` shape (R1). */
function supportError(status: number, error: string, description: string, violation: boolean): ContractError {
  return new ContractError(status, description, violation, { body: { error, description } });
}

/** 404 (R1); a read of what is not there is the contract working, unless `violation` says otherwise. */
export const notFound = (violation = false, why = 'Not found'): ContractError =>
  new ContractError(404, why, violation, { body: { error: 'RecordNotFound', description: 'Not found' } });

/** 400 naming what is wrong (never quoting a value: it may be personal data). */
export const invalid = (description: string): ContractError =>
  supportError(400, 'InvalidValue', description, true);

/** 422 RecordInvalid (R1, R10): a refusal the caller is expected to meet, not a breach. */
export const unprocessable = (description: string): ContractError =>
  supportError(422, 'RecordInvalid', description, false);

/** 403 (R1, R11). */
export const forbidden = (description: string): ContractError =>
  supportError(403, 'Forbidden', description, false);

/** 401 with the body a Zendesk account answers (R1); the journal records why. */
export const unauthenticated = (why: string): ContractError =>
  new ContractError(401, why, true, { body: { error: "Couldn't authenticate you" } });

/** 429 (R9, R16): answered as `text/plain` with `Retry-After` by the Support route wrapper. */
export const tooMany = (retryAfterSeconds: number, text: string): ContractError =>
  new ContractError(429, text, false, { headers: { 'retry-after': String(retryAfterSeconds) } });
