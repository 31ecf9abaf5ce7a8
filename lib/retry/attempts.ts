import { ApiError } from '../errors/api-error.js';
import { type CallAttempt, WechatpayError } from '../errors/wechatpay-error.js';

/**
 * The error a call ends with. A call that gave up (a failure that could have been retried, or more than one attempt)
 * carries its attempts in `error.attempts` (only a `WechatpayError` has the field; others pass as they are).
 */
export function withAttempts(error: unknown, attempts: readonly CallAttempt[], gaveUp: boolean): unknown {
  if (error instanceof WechatpayError && (gaveUp || attempts.length > 1)) error.attempts = Object.freeze(attempts.slice());
  return error;
}

/**
 * What an attempt's outcome is called: the status of an error answer (`ApiError`), else the error's reason
 * (`connect`, `timeout`, a `VerificationError`'s `signature`…), else its name.
 */
export function outcomeOf(error: unknown): string {
  if (error instanceof ApiError) return String(error.status);
  const reason = (typeof error === 'object' && error !== null ? error : {}) as { reason?: unknown };
  if (typeof reason.reason === 'string') return reason.reason;
  return error instanceof Error ? error.name : typeof error;
}
