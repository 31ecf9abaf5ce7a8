import { WechatpayResponse } from '../types/response.js';

/** The headers a stored listing keeps: what its signature check reads. */
const SIGNED = ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial', 'request-id'];

/**
 * A `v3/certificates` answer as a fleet shares it: the signed body as it came (its certificates still encrypted
 * with the APIv3 key), the headers its signature needs, and when it was downloaded. A reader checks it all again,
 * as if downloaded itself: the store is trusted no more than the network.
 */
export interface SharedListing {
  at: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function toShared(response: WechatpayResponse, at: number): string {
  const headers: Record<string, string> = {};
  for (const name of SIGNED) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return JSON.stringify({ at, status: response.status, headers, body: response.text() } satisfies SharedListing);
}

/** The listing read back, or `undefined` when the stored text is not one (then it is downloaded again). */
export function fromShared(text: string | undefined): { at: number; response: WechatpayResponse } | undefined {
  if (text === undefined) return undefined;
  let shared: Partial<SharedListing>;
  try {
    shared = JSON.parse(text) as Partial<SharedListing>;
  } catch {
    return undefined;
  }
  const { at, status, headers, body } = shared ?? {};
  if (typeof at !== 'number' || typeof status !== 'number' || typeof body !== 'string' || headers === null || typeof headers !== 'object')
    return undefined;
  try {
    return { at, response: new WechatpayResponse(status, new Headers(headers), Buffer.from(body, 'utf8')) };
  } catch {
    return undefined;
  }
}
