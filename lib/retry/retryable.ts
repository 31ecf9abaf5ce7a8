import { ApiError } from '../errors/api-error.js';
import { TransportError } from '../errors/transport-error.js';

/**
 * What a failed attempt allows:
 * - `connect`: the request never left (no connection); any call may be sent again, on the other host if there is one.
 * - `maybe-sent`: it may have reached WeChat Pay (a 429 or 5xx answer, a reset, a timeout); only an idempotent call
 *   may be sent again.
 * - `final`: anything else (a business error, a verification failure, an abort, a bad option…).
 */
export type FailureKind = 'connect' | 'maybe-sent' | 'final';

/** The statuses a call is tried again after: too many requests, and the server-side failures a retry can outlast. */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export function failureKind(error: unknown): FailureKind {
  if (error instanceof TransportError) {
    if (error.reason === 'connect') return 'connect';
    return error.reason === 'network' || error.reason === 'timeout' ? 'maybe-sent' : 'final';
  }
  // Verified or not: a proxy's unsigned 502 is as worth retrying as WeChat Pay's signed SYSTEM_ERROR. A 2xx that
  // failed verification is a VerificationError, never retried.
  if (error instanceof ApiError && RETRY_STATUSES.has(error.status)) return 'maybe-sent';
  return 'final';
}
