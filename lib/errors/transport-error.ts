import { WechatpayError } from './wechatpay-error.js';

/** Why an exchange did not complete. */
export type TransportFailure = 'timeout' | 'aborted' | 'network';

/** The request did not get a complete answer: network failure, timeout or abort. The original error is `cause`. */
export class TransportError extends WechatpayError {
  override name = 'TransportError';
  readonly reason: TransportFailure;

  constructor(reason: TransportFailure, message: string, options?: { cause?: unknown }) {
    super(message, `ERR_TRANSPORT_${reason.toUpperCase()}`, options);
    this.reason = reason;
  }
}
