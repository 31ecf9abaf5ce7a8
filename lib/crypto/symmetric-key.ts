import { KeyObject, createSecretKey } from 'node:crypto';
import { ConfigError } from '../errors/config-error.js';

/** A symmetric key as users hold it: the 32-character text from the merchant platform, its bytes, or a secret KeyObject. */
export type SymmetricKeyInput = string | Uint8Array | KeyObject;

/**
 * Loads the APIv3 key or the APIv2 key (both 32 bytes) into a secret `KeyObject`, so it never sits in a plain
 * string that a log could print. A wrong length is a `ConfigError` naming `option`, never showing the key.
 */
export function loadSymmetricKey(input: SymmetricKeyInput, option: string, length = 32): KeyObject {
  let key: KeyObject;
  if (input instanceof KeyObject) {
    if (input.type !== 'secret') throw new ConfigError(option, `must be a secret key, got a ${input.type} KeyObject`);
    key = input;
  } else if (typeof input === 'string' || input instanceof Uint8Array) {
    key = createSecretKey(typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input));
  } else {
    throw new ConfigError(option, 'must be a string, a Uint8Array or a secret KeyObject');
  }
  if (key.symmetricKeySize !== length) {
    throw new ConfigError(option, `must be ${length} bytes long, got ${key.symmetricKeySize ?? 0}`);
  }
  return key;
}
