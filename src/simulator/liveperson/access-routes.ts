import { ContractError, type Router } from '../kit/http';
import { hostOf, type SimulatorContext } from './context';

const SERVICES = ['rtbf', 'msgHist', 'engHistDomain', 'sentinel', 'agentVep'] as const;

/** The Domain API (service base URIs) and the Sentinel OAuth 2.0 client-credentials token endpoint. */
export function accessRoutes(router: Router, ctx: SimulatorContext): void {
  const checkSite = (accountId: string | undefined, version: string | null): void => {
    if (version !== '1.0') throw new ContractError(400, 'version=1.0 is required');
    if (accountId !== ctx.options.accountId) throw new ContractError(401, `unknown site ${accountId ?? ''}`);
  };

  router.on('GET', /^\/api\/account\/([^/]+)\/service\/baseURI\.json$/, (req) => {
    checkSite(req.params[0], req.query.get('version'));
    return {
      status: 200,
      body: {
        baseURIs: SERVICES.map((service) => ({
          service,
          account: ctx.options.accountId,
          baseURI: hostOf(ctx, req),
        })),
      },
    };
  });

  router.on('GET', /^\/api\/account\/([^/]+)\/service\/([^/]+)\/baseURI\.json$/, (req) => {
    checkSite(req.params[0], req.query.get('version'));
    const service = req.params[1];
    if (!SERVICES.includes(service as (typeof SERVICES)[number]))
      throw new ContractError(400, `unknown service ${service ?? ''}`);
    return { status: 200, body: { service, account: ctx.options.accountId, baseURI: hostOf(ctx, req) } };
  });

  router.on('POST', /^\/sentinel\/api\/v2\/account\/([^/]+)\/app\/token$/, (req) => {
    if (req.params[0] !== ctx.options.accountId) throw new ContractError(401, 'unknown account');
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (form.grant_type !== 'client_credentials')
      throw new ContractError(400, 'grant_type must be client_credentials');
    if (form.client_id !== ctx.options.clientId || form.client_secret !== ctx.clientSecret) {
      throw new ContractError(401, 'invalid client credentials');
    }
    const ttlMs = ctx.options.tokenTtlMs;
    const token = ctx.tokens.issue(ctx.options.clientId, ctx.clock.now(), ttlMs);
    return {
      status: 200,
      body: { access_token: token, token_type: 'Bearer', expires_in: Math.floor(ttlMs / 1000) },
    };
  });
}
