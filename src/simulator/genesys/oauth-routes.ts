import type { Router } from '../kit/http';
import { type GenesysContext, genesysError } from './context';

/** OAuth client credentials: HTTP Basic `client_id:client_secret`, form `grant_type=client_credentials`. */
export function oauthRoutes(router: Router, ctx: GenesysContext): void {
  router.on('POST', /^\/oauth\/token$/, (req) => {
    const basic = /^Basic (\S+)$/i.exec(req.headers.authorization ?? '');
    const [id, secret] = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [];
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (form.grant_type !== 'client_credentials')
      throw genesysError(400, 'bad.request', 'grant_type must be client_credentials');
    if (id !== ctx.options.clientId || secret !== ctx.clientSecret)
      throw genesysError(401, 'bad.credentials', 'Invalid client credentials', { violation: false });
    const now = ctx.clock.now();
    return {
      status: 200,
      body: {
        access_token: ctx.tokens.issue(id, now, ctx.options.tokenTtlMs),
        token_type: 'bearer',
        expires_in: Math.floor(ctx.options.tokenTtlMs / 1000),
      },
    };
  });
}
