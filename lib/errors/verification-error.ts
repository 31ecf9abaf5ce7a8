import { WechatpayError } from './wechatpay-error.js';

/** Which check of a WeChat Pay signature failed. */
export type VerificationCheck = 'headers' | 'timestamp' | 'serial' | 'signature' | 'xml' | 'digest';

/**
 * A response (or callback) could not be proven to come from WeChat Pay.
 * Its body is deliberately not attached: an unverified body must never be used as if it were verified.
 */
export class VerificationError extends WechatpayError {
  override name = 'VerificationError';
  readonly check: VerificationCheck;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(check: VerificationCheck, message: string, details: { status?: number; requestId?: string } = {}) {
    super(message, `ERR_VERIFICATION_${check.toUpperCase()}`);
    this.check = check;
    this.status = details.status;
    this.requestId = details.requestId;
  }
}
