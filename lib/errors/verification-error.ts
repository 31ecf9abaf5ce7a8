import { WechatpayError } from './wechatpay-error.js';

/**
 * Which check of an answer (or a callback) failed; the `code` is `ERR_VERIFICATION_` and this in capitals.
 *
 * - `headers`: a `Wechatpay-*` signature header is missing.
 * - `timestamp`: `Wechatpay-Timestamp` is more than 300 s from the local clock.
 * - `serial`: no configured key has the id `Wechatpay-Serial` names.
 * - `signature`: the signature (APIv3) or `sign` (APIv2) does not match, or is a probe.
 * - `xml`: an APIv2 answer is not a flat `<xml>` document this client accepts (malformed, a DOCTYPE, too large…).
 * - `digest`: a statement's content does not match its signed `Wechatpay-Statement-Sha1`.
 * - `json`: `response.json()` was asked of an answer whose body is not JSON.
 */
export type VerificationCheck = 'headers' | 'timestamp' | 'serial' | 'signature' | 'xml' | 'digest' | 'json';

/**
 * A response (or callback) could not be proven to come from WeChat Pay, or could not be read as what it claims.
 * Its body is deliberately not attached: an unverified body must never be used as if it were verified.
 */
export class VerificationError extends WechatpayError {
  override name = 'VerificationError';
  readonly reason: VerificationCheck;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(reason: VerificationCheck, message: string, details: { status?: number; requestId?: string; cause?: unknown } = {}) {
    super(message, `ERR_VERIFICATION_${reason.toUpperCase()}`, 'cause' in details ? { cause: details.cause } : undefined);
    this.reason = reason;
    this.status = details.status;
    this.requestId = details.requestId;
  }

  /** @deprecated Use {@link VerificationError.reason}, the same value under the name every error class uses. */
  get check(): VerificationCheck {
    return this.reason;
  }
}
