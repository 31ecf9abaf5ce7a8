import { WechatpayError } from './wechatpay-error.js';

/**
 * Why an exchange did not complete; the `code` is `ERR_TRANSPORT_` and this in capitals.
 *
 * - `timeout`: the call's `timeout` ran out.
 * - `aborted`: the call's `signal` was aborted.
 * - `network`: the connection failed (DNS, refused, reset, TLS…).
 * - `internal`: the synchronous transport's worker thread failed (a bug, not the network); `cause` keeps its message and stack.
 */
export type TransportFailure = 'timeout' | 'aborted' | 'network' | 'internal';

/** The request did not get a complete answer: network failure, timeout or abort. The original error is `cause`. */
export class TransportError extends WechatpayError {
  override name = 'TransportError';
  readonly reason: TransportFailure;

  constructor(reason: TransportFailure, message: string, options?: { cause?: unknown }) {
    super(message, `ERR_TRANSPORT_${reason.toUpperCase()}`, options);
    this.reason = reason;
  }
}
