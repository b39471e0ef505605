import { randomBytes, randomUUID } from 'node:crypto';
import type { Router, SimRequest } from '../../kit/http';
import type { OneTrustContext } from './context';
import { oauthError } from './contract';

/**
 * `POST /api/access/v1/oauth/token` (`GetOAuthToken`, api-evangelist/onetrust
 * `openapi/onetrust-oauth-token-api-openapi.yml`): a form of `grant_type=client_credentials`,
 * `client_id`, `client_secret` → `ClientCredentialsResponse`. The OAS declares the form multipart;
 * OneTrust's own recipe ("Generate OAuth Access Token") posts it URL-encoded, which is what is taken here
 * (a multipart body never reaches this route: the kit's body reader answers it 400).
 */
export function oauthRoutes(router: Router, ctx: OneTrustContext): void {
  router.on('POST', /^\/api\/access\/v1\/oauth\/token$/, (req) => {
    const form = formOf(req);
    // 400 "Invalid grant_type" (the OAS).
    if (form.grant_type === undefined)
      throw oauthError(400, 'invalid_request', 'Missing grant type (grant_type=client_credentials)');
    if (form.grant_type !== 'client_credentials')
      throw oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${form.grant_type}`);
    const { clientId, clientSecret, scopes, tokenTtlMs } = ctx.options;
    // 401 "Invalid client credentials" (the OAS); a misconfiguration, not a broken rule of the protocol.
    if (form.client_id !== clientId || form.client_secret !== clientSecret)
      throw oauthError(401, 'invalid_client', 'Bad client credentials', false);
    const now = ctx.clock.now();
    return { status: 200, body: tokenResponse(ctx, ctx.tokens.issue(clientId, scopes, now, tokenTtlMs)) };
  });
}

/** The form's fields; a body that is no form (JSON, say) is a 400. */
function formOf(req: SimRequest): Record<string, string | undefined> {
  const media = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  // The OAS declares multipart/form-data; OneTrust's own recipe posts it url-encoded: both are forms.
  const forms = ['application/x-www-form-urlencoded', 'multipart/form-data'];
  if (!forms.includes(media ?? '') || req.body === undefined)
    throw oauthError(
      400,
      'invalid_request',
      'the body must be a form: grant_type, client_id and client_secret (multipart or url-encoded)',
    );
  return req.body as Record<string, string>;
}

/**
 * Every field of `ClientCredentialsResponse`, as its example gives them: `token_type` is "Always
 * 'bearer'", `scope` is `read`, the granted scopes are the comma-separated `ot-scopes` (the example's
 * spelling; the schema's is `ot_scopes`). The token itself is opaque here (OneTrust's is a JWT).
 */
function tokenResponse(ctx: OneTrustContext, accessToken: string) {
  const { tenantGuid, tenantId, orgGroupGuid } = ctx.tenant;
  const user = `${tenantGuid.replaceAll('-', '')}@api.onetrust.com`;
  return {
    access_token: accessToken,
    email: user,
    expires_in: Math.floor(ctx.options.tokenTtlMs / 1000),
    guid: randomUUID(),
    jti: randomBytes(20).toString('base64url'),
    languageId: 1,
    orgGroupGuid,
    orgGroupId: orgGroupGuid,
    'ot-scopes': ctx.options.scopes.join(','),
    role: 'Api Key User',
    scope: 'read',
    sessionId: randomUUID(),
    tenantGuid,
    tenantId,
    token_type: 'bearer',
    user_name: user,
  };
}
