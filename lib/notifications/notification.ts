import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { verifyResponse } from '../crypto/verify-response.js';
import { createFetchHandler } from './fetch-handler.js';
import { loadNotificationOptions } from './load-notification-options.js';
import { loadHandlerOptions } from './handler-options.js';
import { createNodeHandler } from './node-handler.js';
import { receive } from './receive.js';
import { notificationReply } from './notification-reply.js';
import { openEnvelope } from './open-envelope.js';
import { toBytes } from './raw-body.js';
import { toHeaders } from './incoming-headers.js';
import type { WebhookEvent } from '../endpoints/generated/webhooks.js';
import type { WechatpayStore } from '../stores/store.js';
import type {
  NotificationHandlerOptions,
  IncomingNotification,
  NotificationEvent,
  NotificationHandler,
  NotificationOptions,
  NotificationReply,
} from './notification-types.js';

/**
 * Verifies and decrypts WeChat Pay's APIv3 callbacks, framework-free. The keys are loaded once, here; a bad
 * option is a `ConfigError`.
 *
 * ```ts
 * const notification = new Notification({ apiV3Key, certs: { 'PUB_KEY_ID_…': publicKeyPem } });
 * const event = notification.verify({ body: rawBody, headers: req.headers });
 * ```
 */
export class Notification {
  // Private fields: the keys never show in `inspect()`, JSON or a spread.
  readonly #apiV3Key: KeyObject;
  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly #clock: () => number;
  readonly #store: WechatpayStore;

  constructor(options: NotificationOptions) {
    const loaded = loadNotificationOptions(options);
    this.#apiV3Key = loaded.apiV3Key;
    this.#keys = loaded.keys;
    this.#clock = loaded.clock;
    this.#store = loaded.store;
  }

  /**
   * Checks the four `Wechatpay-*` headers, the 300 s window, and the signature with the key `Wechatpay-Serial`
   * names (a `VerificationError` otherwise; `WECHATPAY/SIGNTEST/` probes fail too), then decrypts the resource
   * (a `NotificationError` when it cannot be read). `body` must be the raw body as received.
   *
   * The event is typed by the catalog: comparing `event_type` narrows `resource` to that callback's fields. An event
   * the catalog does not know is verified all the same; to handle one, state its resource type, `verify<Resource>()`,
   * which gives the loose {@link NotificationEvent} (also what `verify` gave before typed events).
   *
   * A pure check: it remembers nothing, so the same callback verifies again (only your code knows whether it was
   * handled). `receive`, `nodeHandler` and `fetchHandler` are the ones that handle each callback once.
   */
  verify(incoming: IncomingNotification): WebhookEvent;
  verify<Resource>(incoming: IncomingNotification): NotificationEvent<Resource>;
  verify<Resource>(incoming: IncomingNotification): NotificationEvent<Resource> | WebhookEvent {
    const body = toBytes(incoming?.body);
    const headers = toHeaders(incoming.headers);
    verifyResponse({ headers, body }, this.#keys, this.#clock);
    return openEnvelope(body, this.#apiV3Key, headers.get('Request-ID') ?? undefined) as NotificationEvent<Resource>;
  }

  /** What to answer: 204 without an error; with one, its 4xx (or 500) and `{ code: 'FAIL', message }`. */
  reply(error?: unknown): NotificationReply {
    return notificationReply(error);
  }

  /**
   * For any framework: verifies `incoming`, runs `handler` on the event, and gives the answer to send (204; 4xx for
   * a refused callback; 500 when the handler threw). Errors go to `onError` (default `console.error`).
   *
   * Once per notification id among everyone sharing the `store`: a duplicate of a handled callback is answered 204
   * without running `handler`; one that comes while the first is still running is answered 503 (WeChat Pay tries
   * again later); a handler that throws releases the id, so the retry runs it.
   */
  receive(
    incoming: IncomingNotification,
    handler: (event: WebhookEvent) => unknown,
    options?: Pick<NotificationHandlerOptions, 'onError'>,
  ): Promise<NotificationReply> {
    const { onError } = loadHandlerOptions(options);
    return receive(
      (checked) => this.verify(checked),
      () => incoming,
      handler,
      onError,
      this.#store,
    );
  }

  /** A `(req, res)` listener for `node:http` and Express (with `express.raw()` or no body parser on its route). */
  nodeHandler(
    handler: NotificationHandler<IncomingMessage>,
    options?: NotificationHandlerOptions,
  ): (req: IncomingMessage, res: ServerResponse) => void {
    return createNodeHandler((incoming) => this.verify(incoming), handler, options, this.#store);
  }

  /** A `(request) => Promise<Response>` handler for WHATWG runtimes and frameworks. */
  fetchHandler(handler: NotificationHandler<Request>, options?: NotificationHandlerOptions): (request: Request) => Promise<Response> {
    return createFetchHandler((incoming) => this.verify(incoming), handler, options, this.#store);
  }
}
