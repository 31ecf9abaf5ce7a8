import { type CallAttempt, WechatpayError } from '../errors/wechatpay-error.js';

/**
 * The error a call ends with. A call that gave up (a failure that could have been retried, or more than one attempt)
 * carries its attempts in `error.attempts` (only a `WechatpayError` has the field; others pass as they are).
 */
export function withAttempts(error: unknown, attempts: readonly CallAttempt[], gaveUp: boolean): unknown {
  if (error instanceof WechatpayError && (gaveUp || attempts.length > 1)) error.attempts = Object.freeze(attempts.slice());
  return error;
}

/** What an attempt's outcome is called: its status when it got an answer, else the error's reason or name. */
export function outcomeOf(error: unknown): string {
  const own = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; reason?: unknown };
  if (typeof own.status === 'number') return String(own.status);
  if (typeof own.reason === 'string') return own.reason;
  return error instanceof Error ? error.name : typeof error;
}
