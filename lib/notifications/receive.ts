import { handlerFailure, notificationReply } from './notification-reply.js';
import type { WebhookEvent } from '../endpoints/generated/webhooks.js';
import type { IncomingNotification, NotificationReply } from './notification-types.js';

type Verify = (incoming: IncomingNotification) => WebhookEvent;

/**
 * The whole exchange, framework-free: read, verify and decrypt (a failure is answered by its 4xx), then run the
 * handler (a failure is answered 500 whatever it threw, so that an error of ours from a call the handler made is
 * not taken for a refused callback), then 204.
 */
export async function receive(
  verify: Verify,
  read: () => IncomingNotification | Promise<IncomingNotification>,
  handler: (event: WebhookEvent) => unknown,
  onError: (error: unknown) => void,
): Promise<NotificationReply> {
  let event: WebhookEvent;
  try {
    event = verify(await read());
  } catch (error) {
    onError(error);
    return notificationReply(error);
  }
  try {
    await handler(event);
  } catch (error) {
    onError(error);
    return handlerFailure();
  }
  return notificationReply();
}
