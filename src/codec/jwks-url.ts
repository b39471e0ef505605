/** Hosts where plain http is allowed for the key set: this machine only (tests, local setups). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const JWKS_URL_RULE =
  'must be an https:// URL (plain http:// only on loopback: 127.0.0.1, localhost or [::1], for tests and local setups)';

/**
 * What is wrong with `value` as the identity provider's key set (JWKS) URL, or undefined when it will do.
 * The keys it serves decide who may read decrypted payloads, so anyone on a plain-http path could
 * substitute their own: https only, except on loopback where there is no path to tamper with.
 */
export function jwksUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return JWKS_URL_RULE;
  }
  // fetch() refuses URLs with credentials, so every verification would fail later; say so now.
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return JWKS_URL_RULE;
}
