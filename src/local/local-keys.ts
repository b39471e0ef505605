import { letheDataConverter } from '../codec/data-converter';
import { Keyring } from '../codec/keyring';
import { Secret } from '../secret';

/**
 * Keys for local runs only (demo, tests, benchmarks): fixed so a kept demo's history stays readable.
 * Deployments set LETHE_SUBJECT_HMAC_KEY and LETHE_CODEC_KEYS from their secret store.
 */
export const LOCAL_HMAC_KEY = new Secret('local-only-subject-hmac-key-0123456789abcdef');

export const LOCAL_KEYRING = Keyring.parse(
  new Secret(`local-1:${Buffer.from('local-only-payload-key-32-bytes!').toString('base64')}`),
);

/** The data converter of every local client, worker and bundle: payloads encrypted, failures encoded. */
export const LOCAL_DATA_CONVERTER = letheDataConverter(LOCAL_KEYRING);
