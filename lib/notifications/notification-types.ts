import type { KeyInput } from '../crypto/key-input.js';
import type { SymmetricKeyInput } from '../crypto/symmetric-key.js';
import type { WebhookEvent } from '../endpoints/generated/webhooks.js';
import type { KnownNotificationEvent, NotificationEvent } from '../types/notification-event.js';
import type { WechatpayStore } from '../stores/store.js';

export type { KnownNotificationEvent, NotificationEvent };

/** What `new Notification()` takes. */
export interface NotificationOptions {
  /** The APIv3 key set in the merchant platform (32 characters), its bytes, or a secret `KeyObject`. */
  apiV3Key: SymmetricKeyInput;
  /**
   * WeChat Pay's keys by platform certificate serial or public key id (`PUB_KEY_ID_…`), as for the client. During
   * the move from platform certificates to a public key, list both: callbacks name theirs in `Wechatpay-Serial`.
   */
  certs: Record<string, KeyInput>;
  /** Milliseconds since the epoch (tests fix it). */
  clock?: () => number;
  /**
   * Where `receive`, `nodeHandler` and `fetchHandler` remember the callbacks they handled, so that each is handled
   * once: default a `memoryStore()` of this `Notification` (one process); give every process the same
   * `redisStore(client)` (`wechatpay-ts/redis`) for a fleet. `verify()` never reads or writes it.
   */
  store?: WechatpayStore;
}

/** Request headers as servers hand them out: WHATWG `Headers`, node's `req.headers`, or a plain record in any case. */
export type IncomingHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** A callback as received: the raw body, never JSON parsed and serialised again, and its headers. */
export interface IncomingNotification {
  body: string | Uint8Array | ArrayBuffer;
  headers: IncomingHeaders;
}

/** What to answer WeChat Pay: 204 when the callback was handled, else a 4xx/5xx with `{ code: 'FAIL', message }`. */
export interface NotificationReply {
  status: number;
  headers: Record<string, string>;
  /** The JSON body to send, or `undefined` for an empty one. */
  body: { code: 'FAIL'; message: string } | undefined;
}

/**
 * Your code for verified callbacks; WeChat Pay is told of success once it returns (or its promise resolves). The event
 * is typed by the catalog (compare `event_type` to narrow `resource`); see {@link Notification.verify} for others.
 */
export type NotificationHandler<Context> = (event: WebhookEvent, context: Context) => unknown;

export interface NotificationHandlerOptions {
  /** The largest body read, in bytes; default 1 MiB (WeChat Pay's callbacks are a few KB). */
  maxBodySize?: number;
  /**
   * Told of every refused callback and every error of your handler, for your logs; default `console.error`.
   * The errors hold no key or decrypted data, but your handler's own errors are passed on as they are.
   */
  onError?: (error: unknown) => void;
}
