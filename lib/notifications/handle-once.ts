import { MAX_CLOCK_SKEW } from '../crypto/verify-response.js';
import type { WechatpayStore } from '../stores/store.js';
import { busyReply, handlerFailure, notificationReply } from './notification-reply.js';
import type { NotificationReply } from './notification-types.js';

/**
 * How long a callback is remembered. Its signed bytes pass the window while their timestamp is within 300 s of our
 * clock, so from 300 s ahead to 300 s behind: 600 s after it was first seen, and a minute more for clocks that drift.
 */
export const REMEMBER_MS = (2 * MAX_CLOCK_SKEW + 60) * 1000;

const PENDING = 'pending';
const DONE = 'done';

/**
 * Runs `handler` once per `key` among everyone sharing `store`. The first to claim the key runs it: success marks
 * the key done (a later duplicate is answered 204 without running it), failure releases it (WeChat Pay's retry
 * is handled). A duplicate that comes while the first is still running is answered 503, never 2xx: if the first
 * then failed, a 2xx would have told WeChat Pay to stop retrying and the callback would be lost.
 */
export async function handleOnce(
  store: WechatpayStore,
  key: string,
  handler: () => unknown,
  onError: (error: unknown) => void,
): Promise<NotificationReply> {
  let claimed: boolean;
  try {
    claimed = await store.claim(key, PENDING, REMEMBER_MS);
    if (!claimed) return (await store.get(key)) === DONE ? notificationReply() : busyReply();
  } catch (error) {
    // Without the store nobody can tell whether another process has it: WeChat Pay will ask again.
    onError(error);
    return handlerFailure();
  }
  try {
    await handler();
  } catch (error) {
    onError(error);
    await store.delete(key).catch(onError);
    return handlerFailure();
  }
  // The handler's work is done: a store that fails now is reported, but the answer stays a success.
  await store.set(key, DONE, REMEMBER_MS).catch(onError);
  return notificationReply();
}
