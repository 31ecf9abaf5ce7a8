import type { CallOptions } from './call-options.js';
import type { Deadline } from './deadline.js';
import type { DownloadTarget } from './download-types.js';
import type { HttpMethod } from './http-method.js';
import type { RequestUpload } from './media-types.js';

/**
 * One request on its way through the middleware stack.
 *
 * **The copy rule:** a middleware never changes the request it was given. To send something else it passes a
 * copy to `next`, with headers of its own: `next(copyRequest(request, { body }))`, or
 * `const headers = copyHeaders(request.headers); headers.set(…); next({ ...request, headers })`. So a middleware
 * that calls `next` twice (a retry) hands the rest of the stack the same request twice, and each attempt is
 * signed afresh instead of carrying the first attempt's `Authorization`. The signer signs what reaches it, so it
 * must see the final target and bytes.
 */
export interface WechatpayRequest {
  readonly method: HttpMethod;
  /** The absolute target, placeholders filled and query appended. */
  readonly url: URL;
  /** Never `set` on the request you were given: copy them (see the copy rule above). */
  readonly headers: Headers;
  readonly body: Uint8Array | undefined;
  /** `'v2'` for `v2/…` paths (XML, the prefix stripped from `url`); `'v3'` (or unset) otherwise. */
  readonly protocol?: 'v2' | 'v3';
  /** Send over the mutual-TLS connection pool (the call's `security` option). */
  readonly security?: boolean;
  /** The chain's path template, e.g. `v3/pay/transactions/id/{transaction_id}`. */
  readonly template: string;
  /** The call's options as the caller gave them. */
  readonly options: Readonly<CallOptions>;
  /** True in `get/post/…`, false in `getAsync/postAsync/…`. */
  readonly sync: boolean;
  /** Milliseconds for the whole call, middleware included. */
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
  /**
   * The call's one deadline, made as it starts from `timeout` and `signal`: transports use it rather than a timer of
   * their own, and a synchronous call's worker gets what is left of it. Set on every call the client makes.
   */
  readonly deadline?: Deadline;
  /** The most bytes of an answer read into memory; a download's file is not counted. */
  readonly maxResponseBytes: number;
  /**
   * An upload (`body: { file, meta }`): once prepared, `body` holds its `meta` JSON, which is what gets signed,
   * and the transport sends the files after it as multipart.
   */
  readonly multipart?: RequestUpload;
  /** Where a `download` call's file goes. */
  readonly download?: DownloadTarget;
}

/**
 * A copy of `request` with `changes` applied and a `Headers` object of its own, which the caller may change
 * freely: what a middleware passes to `next` when it changes anything (see the copy rule on {@link WechatpayRequest}).
 *
 * @example
 * const stamp: Middleware = (request, next) => {
 *   const copy = copyRequest(request);
 *   copy.headers.set('X-Trace', traceId());
 *   return next(copy);
 * };
 */
export function copyRequest(
  request: WechatpayRequest,
  changes: Partial<Pick<WechatpayRequest, 'url' | 'headers' | 'body' | 'options'>> = {},
): WechatpayRequest {
  return { ...request, ...changes, headers: copyHeaders(changes.headers ?? request.headers) };
}

/**
 * A new `Headers` with the same entries, copied one by one: `new Headers(headers)` loses entries when a fetch
 * interceptor has replaced `globalThis.Headers` (msw 2 does, after `server.listen()`) and the source was itself
 * built from another `Headers`.
 */
export function copyHeaders(from: Headers): Headers {
  const to = new Headers();
  from.forEach((value, name) => {
    to.append(name, value);
  });
  return to;
}
