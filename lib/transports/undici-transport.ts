import type { Dispatcher } from 'undici';
import { WechatpayResponse } from '../types/response.js';
import { Pools } from './pools.js';
import { type ProxyOption, resolveProxy } from './proxy.js';
import type { Transport } from './transport.js';
import { headersOf, undiciAnswer } from './undici-exchange.js';
import { toWire, type WirePools, type WireTls } from './wire.js';

export interface UndiciTransportOptions {
  /** Your own dispatcher (a `MockAgent`…); by default the transport owns a keep-alive `Agent`. */
  dispatcher?: Dispatcher;
  /**
   * `ca` to trust (both pools), and the merchant client certificate of the second, mutual-TLS pool that serves
   * only calls with `security: true`. A `dispatcher` you give serves the other calls.
   */
  tls?: WireTls;
  /**
   * The proxy of the transport's own pools (both): a URL, `{ uri, token }`, or `false` for none; unset, the
   * `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` variables as they are when the transport is made.
   */
  proxy?: ProxyOption;
}

/**
 * The default transport of asynchronous calls: undici's `request()` over one keep-alive Agent per client.
 * `close()` closes that Agent; a later call opens a new one. A dispatcher you give stays yours to close.
 */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  return pooledTransport({ ...(options.tls && { tls: options.tls }), ...withProxy(resolveProxy(options.proxy)) }, options.dispatcher);
}

/** The transport over pools built from a checked description (the client's), serving the calls `dispatcher` does not. */
export function pooledTransport(description: WirePools, dispatcher?: Dispatcher): Transport {
  const pools = new Pools(description);
  return {
    name: 'undici',
    async send(request) {
      const chosen = request.security ? pools.get(true) : (dispatcher ?? pools.get(false));
      const { stream, onProgress } = request.download ?? {};
      const { deadline } = request;
      const answer = await undiciAnswer(toWire(request), chosen, request.signal, {
        ...(stream && { stream }),
        ...(onProgress && { onProgress }),
        ...(deadline && { deadline }),
      });
      return new WechatpayResponse(answer.status, headersOf(answer.headers), answer.body, answer.download);
    },
    close: () => pools.close(),
  };
}

function withProxy(proxy: WirePools['proxy']): Pick<WirePools, 'proxy'> {
  return proxy ? { proxy } : {};
}
