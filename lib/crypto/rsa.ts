import type { KeyObject } from 'node:crypto';
import { ParameterError } from '../errors/parameter-error.js';
import { CryptoError } from '../errors/crypto-error.js';
import { codeOnly } from './code-only.js';
import type { KeyInput } from './key-input.js';
import { loadKey } from './load-key.js';
import { oaepDecrypt, oaepEncrypt } from './rsa-oaep.js';
import { pkcs1Decrypt, pkcs1Encrypt } from './rsa-pkcs1.js';
import { rsaSign, rsaVerify } from './rsa-signature.js';

export type RsaKeyType = 'private' | 'public';

/** `'oaep'` (SHA-1, MGF1-SHA-1) is what WeChat Pay uses for sensitive fields; `'pkcs1'` (v1.5) only where an API asks. */
export type RsaPadding = 'oaep' | 'pkcs1';

export interface RsaCipherOptions {
  /** Default `'oaep'`. */
  padding?: RsaPadding;
}

/** Bytes a padding takes from each RSA block: OAEP with SHA-1 is 2 × 20 + 2, PKCS#1 v1.5 is 11. */
const OVERHEAD: Record<RsaPadding, number> = { oaep: 42, pkcs1: 11 };

/**
 * RSA as WeChat Pay uses it. Keys may be given in any form `from` takes; a `KeyObject` from `from` is loaded once,
 * anything else is loaded on each call.
 */
export const Rsa = {
  /**
   * Loads a key: PEM (PKCS#1, PKCS#8, encrypted PKCS#8 as `{ key, passphrase }`, SPKI, `RSA PUBLIC KEY`, X.509
   * certificate), DER bytes, a `KeyObject`, a `file://` URL, or a `private.pkcs1://`, `private.pkcs8://`,
   * `public.pkcs1://`, `public.spki://` string. `'public'` takes private material too and keeps its public half.
   * Failures are a `ConfigError` with `option` `'key'`, naming the format tried. Only RSA keys of at least 2048 bits
   * are taken, here and by every other `Rsa` helper.
   */
  from(thing: KeyInput, type: RsaKeyType): KeyObject {
    if (type !== 'private' && type !== 'public') throw new ParameterError('type', "must be 'private' or 'public'");
    return loadKey(thing, type, 'key');
  },

  /** SHA256withRSA (PKCS#1 v1.5) over the UTF-8 bytes of `message`, base64. */
  sign(message: string | Uint8Array, privateKey: KeyInput): string {
    return rsaSign(bytes(message), loadKey(privateKey, 'private', 'privateKey'));
  },

  /** `false` for a signature that does not match, including one that is not base64 or has the wrong length. */
  verify(message: string | Uint8Array, signature: string, publicKey: KeyInput): boolean {
    return rsaVerify(bytes(message), signature, loadKey(publicKey, 'public', 'publicKey'));
  },

  /** Encrypts UTF-8 text to base64; RSA-OAEP unless `{ padding: 'pkcs1' }`. */
  encrypt(plaintext: string, publicKey: KeyInput, options: RsaCipherOptions = {}): string {
    const padding = paddingOf(options);
    const key = loadKey(publicKey, 'public', 'publicKey');
    const size = Buffer.byteLength(plaintext, 'utf8');
    const limit = (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8 - OVERHEAD[padding];
    if (size > limit) {
      throw new CryptoError('encrypt', `RSA ${padding}: the plaintext is ${size} bytes, this key takes at most ${limit}`);
    }
    return padding === 'oaep' ? oaepEncrypt(plaintext, key) : pkcs1Encrypt(plaintext, key);
  },

  /**
   * Decrypts base64 to UTF-8 text; RSA-OAEP unless `{ padding: 'pkcs1' }`. A wrong key or changed ciphertext is a
   * `CryptoError` with code `ERR_CRYPTO_DECRYPT`; PKCS#1 v1.5 on a runtime that refuses it is `ERR_CRYPTO_PKCS1_REFUSED`.
   */
  decrypt(ciphertext: string, privateKey: KeyInput, options: RsaCipherOptions = {}): string {
    const padding = paddingOf(options);
    const key = loadKey(privateKey, 'private', 'privateKey');
    if (padding === 'pkcs1') return pkcs1Decrypt(ciphertext, key);
    try {
      return oaepDecrypt(ciphertext, key);
    } catch (error) {
      throw new CryptoError('decrypt', 'RSA-OAEP: decryption failed (wrong private key or changed ciphertext)', { cause: codeOnly(error) });
    }
  },
};

function paddingOf(options: RsaCipherOptions): RsaPadding {
  const padding = options.padding ?? 'oaep';
  if (padding !== 'oaep' && padding !== 'pkcs1') throw new ParameterError('padding', "must be 'oaep' or 'pkcs1'");
  return padding;
}

function bytes(message: string | Uint8Array): Uint8Array {
  return typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
}
