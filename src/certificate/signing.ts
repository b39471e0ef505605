import { createHmac, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { Secret } from '../config/secret';
import { canonicalize } from '../domain/canonical-json';
import {
  type ErasureCertificate,
  type RecordDigest,
  type SignedCertificate,
  VERIFIABLE_FORMATS,
} from '../domain/certificate';

export type { SignedCertificate };

/** Signs certificates with the deployment's Ed25519 key (PEM, PKCS#8), named by its key id. */
export class CertificateSigner {
  private readonly key: KeyObject;

  constructor(
    privateKeyPem: Secret,
    readonly keyId: string,
  ) {
    this.key = createPrivateKey(privateKeyPem.reveal());
    if (this.key.asymmetricKeyType !== 'ed25519')
      throw new RangeError('the certificate signing key must be Ed25519');
  }

  sign(certificate: ErasureCertificate): SignedCertificate {
    const payload = Buffer.from(canonicalize(certificate));
    const value = sign(null, payload, this.key).toString('base64url');
    const header = jwsHeader(this.keyId);
    const jws = sign(null, Buffer.from(`${header}.${payload.toString('base64url')}`), this.key);
    return {
      certificate,
      signature: { alg: 'Ed25519', keyId: this.keyId, value, jws: `${header}..${jws.toString('base64url')}` },
    };
  }

  /** An Ed25519 signature of `bytes`, base64url: what Lethe's status API signs its answers with. */
  signBytes(bytes: string | Buffer): string {
    return sign(null, Buffer.from(bytes), this.key).toString('base64url');
  }

  /** The public key auditors verify with (PEM, SPKI). */
  publicKeyPem(): string {
    return createPublicKey(this.key).export({ type: 'spki', format: 'pem' }).toString();
  }
}

/** The JWS protected header, base64url: EdDSA (Ed25519, RFC 8037) and the key's id. */
const jwsHeader = (keyId: string): string =>
  Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: keyId })).toString('base64url');

/** Whether a detached JWS of the certificate verifies with the key: its header names EdDSA, its signature holds. */
function jwsVerifies(jws: unknown, certificate: ErasureCertificate, key: KeyObject): boolean {
  if (typeof jws !== 'string') return false;
  const [header, detached, signature, ...rest] = jws.split('.');
  if (header === undefined || detached !== '' || signature === undefined || rest.length > 0) return false;
  try {
    const parsed = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: unknown };
    if (parsed.alg !== 'EdDSA') return false;
    const payload = Buffer.from(canonicalize(certificate)).toString('base64url');
    return verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** The file form of a signed certificate: its canonical JSON and a newline. */
export const serializeCertificate = (signed: SignedCertificate): string => `${canonicalize(signed)}\n`;

export type Verdict =
  | { readonly valid: true; readonly keyId: string; readonly certificate: ErasureCertificate }
  | { readonly valid: false; readonly reason: string };

/**
 * Checks a certificate file with the public key alone: the file must be exactly the canonical form
 * (a reordered field or any changed byte fails), and the signature must verify over the certificate.
 */
export function verifyCertificate(text: string, publicKeyPem: string): Verdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { valid: false, reason: 'not JSON' };
  }
  const signed = parsed as Partial<SignedCertificate>;
  if (!signed?.certificate || !signed.signature) return { valid: false, reason: 'not a signed certificate' };
  if (!VERIFIABLE_FORMATS.includes(String(signed.certificate.format)))
    return { valid: false, reason: `unknown format ${String(signed.certificate.format)}` };
  if (signed.signature.alg !== 'Ed25519')
    return { valid: false, reason: `unknown algorithm ${String(signed.signature.alg)}` };
  if (text !== `${canonicalize(parsed)}\n` && text !== canonicalize(parsed))
    return { valid: false, reason: 'not in canonical form (RFC 8785): the file was changed' };
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return { valid: false, reason: 'the public key cannot be read' };
  }
  let ok = false;
  try {
    ok = verify(
      null,
      Buffer.from(canonicalize(signed.certificate)),
      key,
      Buffer.from(signed.signature.value, 'base64url'),
    );
  } catch {
    ok = false;
  }
  if (!ok) return { valid: false, reason: 'the signature does not verify with this public key' };
  // A JWS, where there is one, must hold too: one part of the proof may not contradict the other.
  if (signed.signature.jws !== undefined && !jwsVerifies(signed.signature.jws, signed.certificate, key))
    return { valid: false, reason: 'the JWS signature does not verify with this public key' };
  return { valid: true, keyId: signed.signature.keyId, certificate: signed.certificate };
}

/** Record digests keyed with the subject HMAC key: `HMAC-SHA256(key, platform:kind:id)`, hex. */
export function recordDigest(key: Secret): RecordDigest {
  return (platform, kind, id) =>
    createHmac('sha256', key.reveal()).update(`${platform}:${kind}:${id}`).digest('hex');
}
