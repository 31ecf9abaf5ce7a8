import { Agent, type Dispatcher } from 'undici';
import { WechatpayResponse } from '../types/response.js';
import type { Transport } from './transport.js';
import { headersOf, undiciAnswer } from './undici-exchange.js';
import { connectOptions, toWire, type WireTls } from './wire.js';

export interface UndiciTransportOptions {
  /** Your own dispatcher (a `ProxyAgent`, a `MockAgent`…); by default the transport owns a keep-alive `Agent`. */
  dispatcher?: Dispatcher;
  /**
   * `ca` to trust (both pools), and the merchant client certificate of the second, mutual-TLS pool that serves
   * only calls with `security: true`. A `dispatcher` you give serves the other calls.
   */
  tls?: WireTls;
}

/**
 * The default transport of asynchronous calls: undici's `request()` over one keep-alive Agent per client.
 * `close()` closes that Agent; a later call opens a new one. A dispatcher you give stays yours to close.
 */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  let owned: Agent | undefined;
  let mutual: Agent | undefined;
  const agent = (secure: boolean) => new Agent({ connect: connectOptions(options.tls, secure) });
  return {
    name: 'undici',
    async send(request) {
      const dispatcher = request.security ? (mutual ??= agent(true)) : (options.dispatcher ?? (owned ??= agent(false)));
      const { stream, onProgress } = request.download ?? {};
      const { deadline } = request;
      const answer = await undiciAnswer(toWire(request), dispatcher, request.signal, {
        ...(stream && { stream }),
        ...(onProgress && { onProgress }),
        ...(deadline && { deadline }),
      });
      return new WechatpayResponse(answer.status, headersOf(answer.headers), answer.body, answer.download);
    },
    async close() {
      const agents = [owned, mutual];
      owned = mutual = undefined;
      await Promise.all(agents.map((pool) => pool?.close()));
    },
  };
}
