import { WechatpayError } from './wechatpay-error.js';

/**
 * What was wrong with a `v3/certificates` listing; the `code` is `ERR_CERTIFICATE_` and this in capitals.
 *
 * - `listing`: the answer is not a listing of AEAD_AES_256_GCM-sealed certificates whose serials match.
 * - `decrypt`: a certificate does not decrypt with the APIv3 key (most often, a wrong `apiV3Key`).
 */
export type CertificateProblem = 'listing' | 'decrypt';

/** Downloaded platform certificates could not be read; the keys held before stay in use. */
export class CertificateError extends WechatpayError {
  override name = 'CertificateError';
  readonly reason: CertificateProblem;

  constructor(reason: CertificateProblem, message: string, options?: { cause?: unknown }) {
    super(message, `ERR_CERTIFICATE_${reason.toUpperCase()}`, options);
    this.reason = reason;
  }
}
