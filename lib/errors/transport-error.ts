import { WechatpayError } from './wechatpay-error.js';

/**
 * Why an exchange did not complete; the `code` is `ERR_TRANSPORT_` and this in capitals.
 *
 * - `timeout`: the call's `timeout` ran out.
 * - `aborted`: the call's `signal` was aborted.
 * - `connect`: no connection could be set up (DNS, refused, TLS handshake, connect timeout): the request was surely not
 *   sent, so any call may be tried again (the built-in retry does, on the backup host when there is one).
 * - `network`: the connection failed once the request may have been sent (reset, closed mid-answer…).
 * - `internal`: the synchronous transport's worker thread failed (a bug, not the network); `cause` keeps its message and stack.
 * - `too_large`: the answer passed `maxResponseBytes`, and the rest was not read.
 */
export type TransportFailure = 'timeout' | 'aborted' | 'connect' | 'network' | 'internal' | 'too_large';

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
