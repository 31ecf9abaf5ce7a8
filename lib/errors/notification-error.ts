import { WechatpayError } from './wechatpay-error.js';

/** What was wrong with a callback whose signature checked out (or whose body could not be read). */
export type NotificationProblem = 'body' | 'size' | 'algorithm' | 'decryption' | 'resource';

/**
 * A callback from WeChat Pay could not be read: the body is not the raw bytes or not a callback envelope (`body`),
 * too large (`size`), its resource uses an unknown `algorithm`, cannot be decrypted with the APIv3 key
 * (`decryption`), or is not a JSON object once decrypted (`resource`). Signature, header, timestamp and serial
 * problems are `VerificationError`s. No message holds the APIv3 key or decrypted data.
 */
export class NotificationError extends WechatpayError {
  override name = 'NotificationError';
  readonly reason: NotificationProblem;
  readonly requestId: string | undefined;

  constructor(reason: NotificationProblem, message: string, details: { requestId?: string | undefined; cause?: unknown } = {}) {
    super(message, `ERR_NOTIFICATION_${reason.toUpperCase()}`, 'cause' in details ? { cause: details.cause } : undefined);
    this.reason = reason;
    this.requestId = details.requestId;
  }
}
