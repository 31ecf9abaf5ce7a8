import type { WechatpayRequest } from '../types/request.js';
import type { WechatpayResponse } from '../types/response.js';
import type { MaybePromise } from '../types/maybe-promise.js';

/** Passes the request on to the rest of the stack and, at its end, the transport. */
export type Next = (request: WechatpayRequest) => MaybePromise<WechatpayResponse>;

/**
 * A step of the request pipeline, written once for both modes. In a synchronous call `next` returns the
 * response itself; in an asynchronous one, a promise of it. Use `andThen`/`tryThen` to continue on either.
 * A middleware that returns a promise in a synchronous call fails that call with a `ConfigError` naming it.
 */
export type Middleware = (request: WechatpayRequest, next: Next) => MaybePromise<WechatpayResponse>;
