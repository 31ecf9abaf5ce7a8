import { WechatpayError } from './wechatpay-error.js';

/** What a cryptographic operation could not do; the `code` is `ERR_CRYPTO_` and this in capitals. */
export type CryptoFailure = 'encrypt' | 'decrypt' | 'pkcs1_refused';

/**
 * An encryption or decryption failed: a wrong key, a changed ciphertext, too long a plaintext, or a padding the
 * runtime refuses. The message never holds a key or a plaintext; `cause` keeps only node:crypto's error code.
 */
export class CryptoError extends WechatpayError {
  override name = 'CryptoError';
  readonly reason: CryptoFailure;

  constructor(reason: CryptoFailure, message: string, options?: { cause?: unknown }) {
    super(message, `ERR_CRYPTO_${reason.toUpperCase()}`, options);
    this.reason = reason;
  }

  /** @deprecated Use {@link CryptoError.reason}, the same value under the name every error class uses. */
  get failure(): CryptoFailure {
    return this.reason;
  }
}
