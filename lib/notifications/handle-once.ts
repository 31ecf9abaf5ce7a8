import { MAX_CLOCK_SKEW } from '../crypto/verify-response.js';
import type { WechatpayStore } from '../stores/store.js';
import { busyReply, handlerFailure, notificationReply } from './notification-reply.js';
import type { NotificationReply } from './notification-types.js';

/**
 * How long a callback is remembered. Its signed bytes pass the window while their timestamp is within 300 s of our
 * clock, so from 300 s ahead to 300 s behind: 600 s after it was first seen, and a minute more for clocks that drift.
 */
export const REMEMBER_MS = (2 * MAX_CLOCK_SKEW + 60) * 1000;

/**
 * How long a delivery stays marked as being handled. WeChat Pay waits only seconds for an answer, so a handler still
 * running after two minutes belongs to a process that died or hung: the next delivery runs it, instead of every
 * retry getting 503 until the id is forgotten (and a lost process losing the callback for that long).
 */
export const LEASE_MS = 120_000;

const PENDING = 'pending';
const DONE = 'done';

/** What became of a delivery: its handler ran (and succeeded or failed), or it was a duplicate, done or still running. */
export type OnceOutcome = 'handled' | 'failed' | 'done' | 'busy';

/**
 * Runs `handler` once per `key` among everyone sharing `store`. The first to claim the key runs it: success marks
 * the key done (a later duplicate is `done`: answered as success without running it), failure releases it (WeChat
 * Pay's retry is handled). A duplicate that comes while the first is still running is `busy`, to be answered
 * with a retryable failure, never a success: if the first then failed, a success would have told WeChat Pay to
 * stop retrying and the callback would be lost. A store that fails is `failed` (without the store nobody can tell
 * whether another process has it: WeChat Pay will ask again).
 */
export async function runOnce(
  store: WechatpayStore,
  key: string,
  rememberMs: number,
  handler: () => unknown,
  onError: (error: unknown) => void,
): Promise<OnceOutcome> {
  try {
    if (!(await store.claim(key, PENDING, Math.min(LEASE_MS, rememberMs)))) return (await store.get(key)) === DONE ? 'done' : 'busy';
  } catch (error) {
    onError(error);
    return 'failed';
  }
  try {
    await handler();
  } catch (error) {
    onError(error);
    await Promise.resolve()
      .then(() => store.delete(key))
      .catch(onError);
    return 'failed';
  }
  // The handler's work is done: a store that fails now is reported, but the outcome stays a success.
  await Promise.resolve()
    .then(() => store.set(key, DONE, rememberMs))
    .catch(onError);
  return 'handled';
}

/** {@link runOnce} for APIv3 callbacks, answered as WeChat Pay expects: 204, 500, or 503 for a duplicate in flight. */
export async function handleOnce(
  store: WechatpayStore,
  key: string,
  handler: () => unknown,
  onError: (error: unknown) => void,
): Promise<NotificationReply> {
  const outcome = await runOnce(store, key, REMEMBER_MS, handler, onError);
  return outcome === 'busy' ? busyReply() : outcome === 'failed' ? handlerFailure() : notificationReply();
}
