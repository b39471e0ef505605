import type { TranscendContext } from './context';
import type { ForgeryKind, SombraClaims } from './signing';
import type { Delivery, PrivacyRequest, Profile } from './store';

/** A delivery as the admin API answers it. */
export interface DeliveryResult {
  readonly nonce: string;
  readonly status: number;
  readonly body: string;
  readonly error?: string;
}

/**
 * Sends the "new privacy request job" webhook of each profile, one after another, and records each answer
 * on its profile (docs.transcend.io/docs/api-reference/webhook/new-privacy-request-job).
 */
export async function deliver(
  ctx: TranscendContext,
  webhookUrl: string,
  request: PrivacyRequest,
  profiles: readonly Profile[],
): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  for (const profile of profiles) {
    const token = await ctx.signer.sign(claimsOf(ctx, request));
    const delivery = await post(ctx, webhookUrl, jobBody(ctx, request, profile), profile.nonce, token);
    profile.deliveries.push(delivery);
    results.push(resultOf(profile.nonce, delivery));
  }
  return results;
}

/**
 * Sends one webhook of `profile` whose token is broken the `kind` way, under a nonce Transcend never
 * issued: a receiver that accepts it anyway cannot report on it.
 */
export async function deliverForged(
  ctx: TranscendContext,
  webhookUrl: string,
  request: PrivacyRequest,
  profile: Profile,
  kind: ForgeryKind,
): Promise<DeliveryResult> {
  const token = await ctx.signer.forge(kind, claimsOf(ctx, request));
  const nonce = ctx.store.forgedNonce();
  const delivery = await post(ctx, webhookUrl, jobBody(ctx, request, profile), nonce, token);
  request.forgedDeliveries.push({ ...delivery, kind, nonce });
  return resultOf(nonce, delivery);
}

/** The token vouches for the request's core identifier, the same in every webhook of the request. */
function claimsOf(ctx: TranscendContext, request: PrivacyRequest): SombraClaims {
  const issuedAt = ctx.clock.now();
  return {
    aud: ctx.options.audience,
    scope: 'coreIdentifier',
    value: request.coreIdentifier,
    issuedAt,
    expiresAt: issuedAt + ctx.options.tokenTtlMs,
  };
}

function jobBody(ctx: TranscendContext, request: PrivacyRequest, profile: Profile) {
  return {
    type: request.type,
    coreIdentifier: { value: request.coreIdentifier },
    extras: {
      request: { id: request.id, link: requestLink(ctx, request.id) },
      profile: { identifier: profile.identifier, type: profile.identifierType },
    },
  };
}

/** Where the request would be opened in Transcend's dashboard; here, a path on the simulator. */
export const requestLink = (ctx: TranscendContext, id: string): string =>
  `${ctx.baseUrl}/privacy-requests/incoming-requests/${encodeURIComponent(id)}`;

async function post(
  ctx: TranscendContext,
  url: string,
  body: unknown,
  nonce: string,
  token: string | undefined,
): Promise<Delivery> {
  const at = ctx.clock.now();
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-transcend-nonce': nonce };
  if (token !== undefined) headers['x-sombra-token'] = token;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ctx.options.webhookTimeoutMs),
    });
    return { at, status: res.status, body: await res.text() };
  } catch (err) {
    return { at, status: 0, body: '', error: describe(err) };
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}

const resultOf = (nonce: string, d: Delivery): DeliveryResult => ({
  nonce,
  status: d.status,
  body: d.body,
  ...(d.error !== undefined ? { error: d.error } : {}),
});
