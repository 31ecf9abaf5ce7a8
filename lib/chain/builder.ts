import { createChain } from './create-chain.js';
import type { Wechatpay } from './chain-node.js';
import { Client } from '../client/client.js';
import type { ClientConfig } from '../client/client-config.js';

/** Builds clients, as wechatpay-php's `Builder::factory`. */
export const Builder = {
  /**
   * Checks the configuration, loads every key once, and returns the root of a chain. Bad configuration throws
   * a `ConfigError` here, not at the first call.
   */
  factory(config: ClientConfig): Wechatpay {
    return createChain(new Client(config));
  },
};
