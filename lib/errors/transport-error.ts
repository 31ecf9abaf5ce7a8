import { WechatpayError } from './wechatpay-error.js';

/** Why an exchange did not complete; `too_large`: the answer passed `maxResponseBytes`, and the rest was not read. */
export type TransportFailure = 'timeout' | 'aborted' | 'network' | 'too_large';

/**
 * The request did not get a complete answer: network failure, timeout, abort, or an answer larger than
 * `maxResponseBytes`. The original error is `cause`.
 */
export class TransportError extends WechatpayError {
  override name = 'TransportError';
  readonly reason: TransportFailure;

  constructor(reason: TransportFailure, message: string, options?: { cause?: unknown }) {
    super(message, `ERR_TRANSPORT_${reason.toUpperCase()}`, options);
    this.reason = reason;
  }
}
