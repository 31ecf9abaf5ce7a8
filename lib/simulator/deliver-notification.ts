import { request } from 'undici';
import { TransportError } from '../errors/transport-error.js';
import { safeUrl } from '../utils/safe-url.js';
import type { NotificationDelivery, SentNotification } from './notify-types.js';

export const DEFAULT_NOTIFY_TIMEOUT = 10_000;

/** POSTs a built callback to the merchant's URL and reads the answer; no redirect is followed, as WeChat Pay follows none. */
export async function deliverNotification(to: string | URL, sent: SentNotification, timeout = DEFAULT_NOTIFY_TIMEOUT): Promise<NotificationDelivery> {
  const signal = AbortSignal.timeout(timeout);
  try {
    // reset: one connection per callback, so none is left open to the receiver afterwards.
    const response = await request(to, { method: 'POST', headers: sent.headers, body: sent.body, signal, reset: true });
    const body = await response.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.statusCode, headers, body, sent };
  } catch (error) {
    if (signal.aborted) throw new TransportError('timeout', `${safeUrl(to)} did not answer the callback within ${timeout} ms`, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    throw new TransportError('network', `the callback could not be delivered to ${safeUrl(to)}${code ? ` (${code})` : ''}`, { cause: error });
  }
}
