import { Agent, type Dispatcher, EnvHttpProxyAgent, ProxyAgent } from 'undici';
import { connectOptions, type WirePools } from './wire.js';

/**
 * One pool of a client, built from its description: the plain pool, or the mutual-TLS one that presents the
 * merchant certificate. Behind a proxy, the TLS settings (`ca`, the client certificate) are those of the tunnelled
 * connection to WeChat Pay, not of the proxy.
 */
export function openPool(pools: WirePools, mutual: boolean): Dispatcher {
  const connect = connectOptions(pools.tls, mutual);
  const { proxy } = pools;
  if (!proxy) return new Agent({ connect });
  const tls = connect && { requestTls: connect };
  if (proxy.kind === 'proxy') return new ProxyAgent({ ...proxy.endpoint, ...tls });
  // Every value explicit (an empty string is "none"): undici must not read the environment again.
  return new EnvHttpProxyAgent({ httpProxy: proxy.http, httpsProxy: proxy.https, noProxy: proxy.noProxy, connect, ...tls });
}

/** A client's two pools, each opened at its first use. */
export class Pools {
  #plain: Dispatcher | undefined;
  #mutual: Dispatcher | undefined;
  readonly #description: WirePools;

  constructor(description: WirePools) {
    this.#description = description;
  }

  get(mutual: boolean): Dispatcher {
    if (mutual) return (this.#mutual ??= openPool(this.#description, true));
    return (this.#plain ??= openPool(this.#description, false));
  }

  async close(): Promise<void> {
    const open = [this.#plain, this.#mutual];
    this.#plain = this.#mutual = undefined;
    await Promise.all(open.map((pool) => pool?.close()));
  }
}
