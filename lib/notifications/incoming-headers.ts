import type { IncomingHeaders } from './notification-types.js';

/** The headers a callback's verification reads; the others are left alone, so an odd unrelated header cannot get in the way. */
const READ = ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial', 'wechatpay-signature-type', 'request-id'];

/** WHATWG `Headers` for any of the forms servers use; names are case-insensitive, repeated values are joined with `, `. */
export function toHeaders(input: IncomingHeaders): Headers {
  if (input instanceof Headers) return input;
  const headers = new Headers();
  if (input === null || typeof input !== 'object') return headers;
  // Another Headers class (the undici package's, a polyfill's) is not `instanceof` the global one.
  const get = (input as { get?: unknown }).get;
  const entries =
    typeof get === 'function'
      ? READ.map((name) => [name, get.call(input, name) as string | null | undefined] as const)
      : Object.entries(input as Record<string, string | readonly string[] | undefined>);
  for (const [name, value] of entries) {
    if (value === null || value === undefined || !READ.includes(name.toLowerCase())) continue;
    try {
      for (const item of typeof value === 'string' ? [value] : value) headers.append(name, item);
    } catch {
      // A value Headers refuses (a line break, a non-Latin-1 character) cannot be WeChat Pay's: treat it as absent.
      headers.delete(name);
    }
  }
  return headers;
}
