import { ContractError, type Router, type SimRequest, type SimResponse } from '../kit/http';
import { notFound, tooMany, unauthenticated, type ZendeskContext } from './context';
import type { Limit } from './rate-limits';

const MINUTE = 60_000;

/** A Support handler: gets the request and the platform's now (the store already settled to it). */
export type SupportHandler = (req: SimRequest, now: number) => SimResponse;
/** The endpoint's own rate limits a call counts against (R16), beyond the plan's. */
export type EndpointLimits = (req: SimRequest) => Limit[];

/** `/api/v2/users/{id}` → a pattern with one group per `{…}`, answering with or without `.json` (R2). */
export function supportPath(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]+?)');
  return new RegExp(`^${escaped}(?:\\.json)?$`);
}

/**
 * Registers Support API routes. Every call is authenticated by the agent's API token (§1), counted
 * against the plan's per-minute limit and the endpoint's own (R16), and answered with
 * `X-Rate-Limit` / `X-Rate-Limit-Remaining`; a 429 is `text/plain` with `Retry-After` and counts nowhere.
 */
export class SupportApi {
  constructor(
    private readonly router: Router,
    private readonly ctx: ZendeskContext,
  ) {}

  /** Registers `handler` for `template` (and its `.json` twin); `limits`: the endpoint's own, beyond the plan's. */
  on(method: string, template: string, handler: SupportHandler, limits: EndpointLimits = () => []): this {
    this.router.on(method, supportPath(template), (req) => this.handle(req, handler, limits));
    return this;
  }

  /**
   * Answers every other `/api/v2/` call 404 (R1), authenticated and counted like the rest: an endpoint
   * the simulated contract does not hold is one Lethe must not call.
   */
  fallback(): void {
    const unknown: SupportHandler = () => {
      throw notFound(true, 'no such endpoint in the simulated contract');
    };
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
      this.router.on(method, /^\/api\/v2\//, (req) => this.handle(req, unknown, () => []));
  }

  /** The plan's limit over every Support call of the account. */
  private account(): Limit {
    return { key: 'account', limit: this.ctx.ratePerMinute, windowMs: MINUTE };
  }

  private handle(req: SimRequest, handler: SupportHandler, limits: EndpointLimits): SimResponse {
    const { ctx } = this;
    const now = ctx.clock.now();
    let counted: Limit[] = [];
    let response: SimResponse;
    try {
      authenticate(ctx, req);
      const all = [this.account(), ...limits(req)];
      const refusal = ctx.limiter.check(all, now);
      if (refusal) {
        if (refusal.ignoredRetryAfter)
          ctx.journal.flag(req.method, req.path, 'called before the Retry-After it was given had passed');
        throw tooMany(refusal.retryAfterSeconds, 'Too many requests: rate limit exceeded');
      }
      counted = all;
      ctx.store.settle(now);
      response = handler(req, now);
    } catch (err) {
      if (!(err instanceof ContractError)) {
        ctx.journal.unflag(req.method, req.path);
        throw err;
      }
      if (err.violation) ctx.journal.flag(req.method, req.path, err.message);
      response = answerOf(err);
    }
    if (response.status !== 429) ctx.limiter.record(counted, now);
    return {
      ...response,
      headers: {
        ...response.headers,
        'x-rate-limit': String(ctx.ratePerMinute),
        'x-rate-limit-remaining': String(ctx.limiter.remaining(this.account(), now)),
      },
    };
  }
}

/** A contract error as Zendesk answers it: its JSON body (R1), or a 429's plain text. */
function answerOf(err: ContractError): SimResponse {
  if (err.status === 429)
    return {
      status: 429,
      raw: err.message,
      headers: { ...err.headers, 'content-type': 'text/plain; charset=utf-8' },
    };
  return {
    status: err.status,
    body: err.body ?? { error: 'InvalidValue', description: err.message },
    ...(err.headers ? { headers: err.headers } : {}),
  };
}

/**
 * Only an API token is accepted: `Basic base64("{agentEmail}/token:{apiToken}")` (§1). A password
 * (`email:password`), an OAuth bearer token or credentials in the URL are a 401. The email compares
 * case-insensitively, as Zendesk's sign-in does; the token exactly.
 */
function authenticate(ctx: ZendeskContext, req: SimRequest): void {
  const header = req.headers.authorization;
  if (header === undefined) throw unauthenticated('no Authorization header');
  const basic = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!basic?.[1]) throw unauthenticated('Authorization is not Basic {email}/token:{api_token}');
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const at = decoded.indexOf('/token:');
  if (at < 0) throw unauthenticated('Basic credentials are not an API token ({email}/token:{api_token})');
  const email = decoded.slice(0, at);
  const token = decoded.slice(at + '/token:'.length);
  if (email.toLowerCase() !== ctx.options.agentEmail.toLowerCase() || token !== ctx.options.apiToken)
    throw unauthenticated('unknown agent email or API token');
}
