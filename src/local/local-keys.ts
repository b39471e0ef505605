import { CertificateSigner } from '../certificate/signing';
import { letheDataConverter } from '../codec/data-converter';
import { Keyring } from '../codec/keyring';
import { Secret } from '../config/secret';

/**
 * Keys for local runs only (demo, tests, benchmarks): fixed so a kept demo's history stays readable.
 * Deployments set LETHE_SUBJECT_HMAC_KEY and LETHE_CODEC_KEYS from their secret store.
 */
export const LOCAL_HMAC_KEY = new Secret('local-only-subject-hmac-key-0123456789abcdef');

/** The payload keys as LETHE_CODEC_KEYS spells them, for a local `lethe` pointed at a local server. */
export const LOCAL_CODEC_KEYS = new Secret(
  `local-1:${Buffer.from('local-only-payload-key-32-bytes!').toString('base64')}`,
);

export const LOCAL_KEYRING = Keyring.parse(LOCAL_CODEC_KEYS);

/** The data converter of every local client, worker and bundle: payloads encrypted, failures encoded. */
export const LOCAL_DATA_CONVERTER = letheDataConverter(LOCAL_KEYRING);

/** Ed25519 PKCS#8 DER before a raw 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const pem = (der: Buffer): string =>
  `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`;

/** The local certificate signing key, from a fixed seed: certificates of local runs verify with it. */
export const LOCAL_CERT_SIGNER = new CertificateSigner(
  new Secret(pem(Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from('local-only-certificate-key-seed!')]))),
  'local-1',
);
