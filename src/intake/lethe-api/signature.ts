import { createPublicKey, verify } from 'node:crypto';
import type { CertificateSigner } from '../../certificate/signing';

/** The header every answer and callback of Lethe's status API carries. */
export const SIGNATURE_HEADER = 'lethe-signature';

/** What is signed: the time it was said (Unix seconds) and the exact body, joined by a dot. */
const signedBytes = (created: number, body: string): string => `${created}.${body}`;

/**
 * `keyId=<id>,created=<unix seconds>,ed25519=<base64url>`: an Ed25519 signature (the certificate's key)
 * over `<created>.<body>`, so whoever holds an answer can prove, with Lethe's public key alone, what Lethe
 * said and when.
 */
export function signatureHeader(signer: CertificateSigner, body: string, now: Date): string {
  const created = Math.floor(now.getTime() / 1000);
  return `keyId=${signer.keyId},created=${created},ed25519=${signer.signBytes(signedBytes(created, body))}`;
}

/** Checks a `lethe-signature` header against the body with a public key (PEM): valid, by which key, when. */
export function verifyLetheSignature(
  publicKeyPem: string,
  header: string,
  body: string,
): { valid: boolean; keyId?: string; created?: Date } {
  const fields = Object.fromEntries(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const created = Number(fields.created);
  if (!fields.ed25519 || !Number.isSafeInteger(created)) return { valid: false };
  const valid = verify(
    null,
    Buffer.from(signedBytes(created, body)),
    createPublicKey(publicKeyPem),
    Buffer.from(fields.ed25519, 'base64url'),
  );
  return { valid, ...(fields.keyId ? { keyId: fields.keyId } : {}), created: new Date(created * 1000) };
}
