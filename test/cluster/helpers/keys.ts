import { generateKeyPairSync, randomBytes } from 'node:crypto';

/** A deployment's own secrets, made fresh for one test file: nothing shared with the local defaults. */
export interface DeploymentKeys {
  /** LETHE_SUBJECT_HMAC_KEY, LETHE_CODEC_KEYS, LETHE_CERT_SIGNING_KEY and LETHE_CERT_KEY_ID. */
  readonly environment: Record<string, string>;
  /** The certificate key's public half, as auditors get it. */
  readonly certificatePublicKeyPem: string;
  readonly certificateKeyId: string;
}

/** Generates the keys as deploy/lethe.env.example tells an operator to (random HMAC, AES-256, Ed25519). */
export function generateDeploymentKeys(keyId = 'cluster-test-1'): DeploymentKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    environment: {
      LETHE_SUBJECT_HMAC_KEY: randomBytes(48).toString('base64'),
      LETHE_CODEC_KEYS: `c1:${randomBytes(32).toString('base64')}`,
      LETHE_CERT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      LETHE_CERT_KEY_ID: keyId,
    },
    certificatePublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    certificateKeyId: keyId,
  };
}
