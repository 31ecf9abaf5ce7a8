// Until the client exports them: the retry channel's name and message, as agreed.

/** The retry channel's name and message (one message per failed attempt that is tried again). */
export const RETRY_CHANNEL = 'wechatpay-ts:retry';
export interface RetryMessage {
  method: string;
  template: string;
  path?: string;
  sync: boolean;
  /** The attempt that failed, 1-based. */
  attempt: number;
  /** The host of the failed attempt, and the one the next attempt goes to. */
  host: string;
  nextHost: string;
  delayMs: number;
  status?: number;
  requestId?: string;
  error: { name: string; code: string | undefined; reason: string | undefined; message: string };
}
