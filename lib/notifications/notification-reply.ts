import { NotificationError, type NotificationProblem } from '../errors/notification-error.js';
import { VerificationError, type VerificationCheck } from '../errors/verification-error.js';
import type { NotificationReply } from './notification-types.js';

/** Fixed texts: what goes back to the sender never echoes an error's message (serials, user errors, data). */
const REFUSED: Record<VerificationCheck, string> = {
  headers: 'missing Wechatpay-* signature headers',
  timestamp: 'Wechatpay-Timestamp is outside the accepted window',
  serial: 'unknown Wechatpay-Serial',
  signature: 'signature verification failed',
  xml: 'malformed or refused XML',
  digest: 'digest mismatch',
  json: 'malformed JSON',
};

const UNREADABLE: Record<NotificationProblem, [number, string]> = {
  body: [400, 'malformed notification body'],
  size: [413, 'notification body too large'],
  algorithm: [400, 'unsupported resource algorithm'],
  decryption: [400, 'resource decryption failed'],
  resource: [400, 'malformed resource'],
};

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

/**
 * The answer WeChat Pay expects: 204 on success; on failure a status outside 2xx (it retries those) with
 * `{ code: 'FAIL', message }`: 401 for a callback that failed verification, 400/413 for one that cannot be
 * read, 500 for anything else (your handler failed).
 */
export function notificationReply(error?: unknown): NotificationReply {
  if (error === undefined) return { status: 204, headers: {}, body: undefined };
  if (error instanceof VerificationError) return fail(401, `${REFUSED[error.reason]} (${error.code})`);
  if (error instanceof NotificationError) {
    const [status, message] = UNREADABLE[error.reason];
    return fail(status, `${message} (${error.code})`);
  }
  return handlerFailure();
}

/** The answer when your handler failed, whatever it threw (even one of our errors, from a call it made): 500, so WeChat Pay retries. */
export function handlerFailure(): NotificationReply {
  return fail(500, 'the notification could not be processed');
}

/**
 * The answer to a duplicate that came while the first delivery is still being handled: 503, which WeChat Pay
 * retries, since the first may yet fail.
 */
export function busyReply(): NotificationReply {
  return fail(503, 'the notification is being processed; send it again later');
}

function fail(status: number, message: string): NotificationReply {
  return { status, headers: { ...JSON_HEADERS }, body: { code: 'FAIL', message } };
}
