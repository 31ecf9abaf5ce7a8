import { NotificationError } from '../errors/notification-error.js';
import { WechatpayError } from '../errors/wechatpay-error.js';
import { notificationReply } from './notification-reply.js';
import type { WebhookEvent } from '../endpoints/generated/webhooks.js';
import type { WechatpayStore } from '../stores/store.js';
import { handleOnce } from './handle-once.js';
import type { IncomingNotification, NotificationReply } from './notification-types.js';

type Verify = (incoming: IncomingNotification) => WebhookEvent;

/**
 * The whole exchange, framework-free: read, verify and decrypt (a failure is answered by its 4xx), then run the
 * handler once per notification id among everyone sharing `store` (a failure is answered 500 whatever it threw, so
 * that an error of ours from a call the handler made is not taken for a refused callback), then 204.
 */
export async function receive(
  verify: Verify,
  read: () => IncomingNotification | Promise<IncomingNotification>,
  handler: (event: WebhookEvent) => unknown,
  onError: (error: unknown) => void,
  store: WechatpayStore,
): Promise<NotificationReply> {
  let event: WebhookEvent;
  try {
    event = verify(await readBody(read));
  } catch (error) {
    onError(error);
    return notificationReply(error);
  }
  // The id is inside the signed body: only WeChat Pay can name it, and its retries of one event carry the same id.
  return handleOnce(store, `notification:v3:${event.id}`, () => handler(event), onError);
}

/** The body as read; a stream that fails on the way (the sender went away) is a `NotificationError` (body), its error the cause. */
async function readBody(read: () => IncomingNotification | Promise<IncomingNotification>): Promise<IncomingNotification> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof WechatpayError) throw error;
    const code = (error as { code?: unknown } | undefined)?.code;
    throw new NotificationError(
      'body',
      `the body could not be read (${typeof code === 'string' ? code : error instanceof Error ? error.name : 'error'})`,
      { cause: error },
    );
  }
}
