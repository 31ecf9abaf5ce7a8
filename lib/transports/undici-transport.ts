import { Agent, type Dispatcher } from 'undici';
import { WechatpayResponse } from '../client/response.js';
import type { Transport } from './transport.js';
import { undiciExchange } from './undici-exchange.js';
import { toWire } from './wire.js';

export interface UndiciTransportOptions {
  /** Your own dispatcher (a `ProxyAgent`, a `MockAgent`…); by default the transport owns a keep-alive `Agent`. */
  dispatcher?: Dispatcher;
}

/**
 * The default transport of asynchronous calls: undici's `request()` over one keep-alive Agent per client.
 * `close()` closes that Agent; a later call opens a new one. A dispatcher you give stays yours to close.
 */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  let owned: Agent | undefined;
  return {
    name: 'undici',
    async send(request) {
      const dispatcher = options.dispatcher ?? (owned ??= new Agent());
      const wire = await undiciExchange(toWire(request), dispatcher, request.signal);
      return new WechatpayResponse(wire.status, new Headers(wire.headers), wire.body);
    },
    async close() {
      const agent = owned;
      owned = undefined;
      await agent?.close();
    },
  };
}
