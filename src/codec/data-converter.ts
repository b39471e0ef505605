import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import type { Keyring } from './keyring';

/** The failure converter's module, for `failureConverterPath` and for bundling workflows. */
export const FAILURE_CONVERTER_PATH = join(__dirname, 'failure-converter.js');

/** What client, worker and bundle share: payloads encrypted, failure messages encoded. */
export function letheDataConverter(keyring: Keyring): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyring)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
