import { NotificationError } from '../errors/notification-error.js';
import { VerificationError } from '../errors/verification-error.js';
import { memoryStore } from '../stores/memory-store.js';
import type { WechatpayStore } from '../stores/store.js';
import { buildXml } from '../utils/v2-xml.js';
import { runOnce } from './handle-once.js';

/**
 * How long an APIv2 callback is remembered. Its sign carries no time, so no window bounds a replay: a day covers
 * WeChat Pay's retries of one callback (about 24 hours from the first), and an hour more.
 */
export const V2_REMEMBER_MS = 25 * 3_600_000;

/** What to answer an APIv2 callback: the XML WeChat Pay reads, with a status it retries on failure. */
export interface V2NotificationReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The store of `V2Notification.receive` calls without one: this process's memory, bounded. */
let processStore: WechatpayStore | undefined;
export function defaultV2Store(): WechatpayStore {
  processStore ??= memoryStore();
  return processStore;
}

const XML = { 'Content-Type': 'text/xml; charset=utf-8' };
const reply = (status: number, code: 'SUCCESS' | 'FAIL', message: string): V2NotificationReply => ({
  status,
  headers: { ...XML },
  body: buildXml({ return_code: code, return_msg: message }),
});

/**
 * Reads the callback (a refused one is answered 400 with fixed text, never the error's message), then runs the
 * handler once per key among everyone sharing the store: 200 SUCCESS when handled or already handled, 500 FAIL when
 * the handler (or the store) failed, 503 FAIL for a duplicate whose first delivery is still being handled.
 */
export async function receiveV2<Read>(
  read: () => { read: Read; key: string },
  handler: (read: Read) => unknown,
  store: WechatpayStore,
  onError: (error: unknown) => void,
): Promise<V2NotificationReply> {
  let got: { read: Read; key: string };
  try {
    got = read();
  } catch (error) {
    if (!(error instanceof VerificationError || error instanceof NotificationError)) throw error;
    onError(error);
    return reply(400, 'FAIL', error instanceof VerificationError ? 'signature verification failed' : 'malformed or refused notification');
  }
  const outcome = await runOnce(store, got.key, V2_REMEMBER_MS, () => handler(got.read), onError);
  if (outcome === 'busy') return reply(503, 'FAIL', 'the notification is being processed; send it again later');
  if (outcome === 'failed') return reply(500, 'FAIL', 'the notification could not be processed');
  return reply(200, 'SUCCESS', 'OK');
}
