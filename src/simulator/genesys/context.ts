import { ContractError, type SimRequest } from '../kit/http';
import type { SimulatorCore } from '../kit/serve';
import type { TokenIssuer } from '../kit/tokens';
import type { GenesysSimulatorOptions } from './options';
import type { GenesysStore } from './store';

/** Everything the Genesys simulator's routes share. */
export interface GenesysContext extends SimulatorCore {
  readonly options: GenesysSimulatorOptions;
  readonly store: GenesysStore;
  readonly tokens: TokenIssuer;
  readonly limiter: RateLimiter;
  /** Requests per token per minute now (the admin API can change it). */
  ratePerMinute: number;
  /** The client secret the token endpoint accepts now (the admin API can rotate it). */
  clientSecret: string;
}

/** A Genesys error answer: the ErrorBody shape (`message`, `code`, `status`) with its HTTP status. */
export function genesysError(
  status: number,
  code: string,
  message: string,
  options: { violation?: boolean; headers?: Record<string, string> } = {},
): ContractError {
  return new ContractError(status, message, options.violation ?? true, {
    body: { message, code, status, messageParams: {}, contextId: 'simulator', details: [], errors: [] },
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

/**
 * A call arriving this soon (real time) after a 429, and within the first half of its Retry-After on
 * the platform's clock, was already on its way when the 429 went out.
 */
const IN_FLIGHT_MS = 200;

/**
 * A token bucket per access token, refilled on the simulator's clock: `perMinute` calls, then 429 with
 * the seconds until the next call is allowed. The Retry-After belongs to the token (platform-contracts
 * §0): a call made with it before the announced time has passed is journaled as a broken rule, unless
 * it was already on its way when the 429 went out (concurrent calls cannot unsend themselves).
 */
export class RateLimiter {
  private readonly buckets = new Map<
    string,
    { tokens: number; at: number; retryAfterUntil: number; announced?: { at: number; real: number } }
  >();

  constructor(private readonly realNow: () => number = () => performance.now()) {}

  take(token: string, now: number, perMinute: number): void {
    const b = this.buckets.get(token) ?? { tokens: perMinute, at: now, retryAfterUntil: 0 };
    this.buckets.set(token, b);
    if (now < b.retryAfterUntil) {
      const waitSeconds = Math.max(1, Math.ceil((b.retryAfterUntil - now) / 1000));
      const a = b.announced;
      const inFlight =
        a !== undefined &&
        this.realNow() - a.real < IN_FLIGHT_MS &&
        now - a.at < (b.retryAfterUntil - a.at) / 2;
      throw tooMany(
        waitSeconds,
        !inFlight,
        inFlight ? undefined : 'called with a token before the Retry-After it was given had passed',
      );
    }
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) * perMinute) / 60_000);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return;
    }
    const waitSeconds = Math.max(1, Math.ceil(((1 - b.tokens) * 60) / perMinute));
    b.retryAfterUntil = now + waitSeconds * 1000;
    b.announced = { at: now, real: this.realNow() };
    throw tooMany(waitSeconds, false);
  }

  clear(): void {
    this.buckets.clear();
  }
}

function tooMany(waitSeconds: number, violation: boolean, why?: string): ContractError {
  const message = `Rate limit exceeded the maximum. Retry the request in [${waitSeconds}] seconds`;
  const error = genesysError(429, 'too.many.requests.retry.after', message, {
    violation,
    headers: { 'retry-after': String(waitSeconds) },
  });
  // The journal records why the call broke the rule; the caller sees Genesys' own answer.
  return why ? Object.assign(error, { message: `${why}: ${message}` }) : error;
}

/**
 * Authenticates a platform call by its bearer token and spends one call of the token's rate limit.
 * Returns the token (the rate limit and request ownership are per token).
 */
export function authorise(ctx: GenesysContext, req: SimRequest): string {
  const match = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
  const now = ctx.clock.now();
  try {
    ctx.tokens.authenticate(req, now);
  } catch {
    throw genesysError(
      401,
      'authentication.required',
      'No authentication bearer token specified in authorization header.',
    );
  }
  const token = match?.[1] ?? '';
  ctx.limiter.take(token, now, ctx.ratePerMinute);
  ctx.store.settle(now);
  return token;
}
