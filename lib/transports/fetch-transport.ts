import { WechatpayResponse } from '../client/response.js';
import type { Transport } from './transport.js';
import { Deadline, transportError } from './wire.js';

/** Any WHATWG `fetch`. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/**
 * A transport over WHATWG `fetch`, for runtimes without undici and for tests with `msw`. Without an argument it
 * uses `globalThis.fetch` as it is at call time, so interceptors installed later still see the calls.
 */
export function fetchTransport(fetchFunction?: FetchFunction): Transport {
  return {
    name: 'fetch',
    async send(request) {
      const what = `${request.method} ${request.url.href}`;
      const deadline = new Deadline(request.timeout, request.signal);
      try {
        deadline.signal.throwIfAborted();
        const run = fetchFunction ?? (globalThis.fetch as FetchFunction);
        const response = await run(request.url.href, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: deadline.signal,
          redirect: 'manual',
        });
        const body = new Uint8Array(await response.arrayBuffer());
        return new WechatpayResponse(response.status, new Headers(response.headers), body);
      } catch (error) {
        throw transportError(error, what, request.timeout, deadline, request.signal);
      } finally {
        deadline.dispose();
      }
    },
    async close() {},
  };
}
