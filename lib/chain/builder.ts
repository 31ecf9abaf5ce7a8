import { createChain } from './create-chain.js';
import type { UntypedWechatpay, Wechatpay } from './chain-node.js';
import { Client } from '../client/client.js';
import type { ClientConfig } from '../client/client-config.js';

/**
 * The root type asked for. Not the type parameter itself: `ReturnType<typeof Builder.factory>` sees its constraint,
 * and must still give the typed root.
 */
type RootAs<Root> = [Root] extends [UntypedWechatpay] ? UntypedWechatpay : Wechatpay;

/** Builds clients, as wechatpay-php's `Builder::factory`. */
export const Builder = {
  /**
   * Checks the configuration, loads every key once, and returns the root of a chain. Bad configuration throws
   * a `ConfigError` here, not at the first call.
   *
   * The chain is typed from the WeChat Pay API catalog; `Builder.factory<UntypedWechatpay>(config)` gives the same
   * chain typed loosely, every path and option as before (the choice is for the type-checker only).
   */
  factory<Root extends Wechatpay | UntypedWechatpay = Wechatpay>(config: ClientConfig): RootAs<Root> {
    return createChain(new Client(config)) as RootAs<Root>;
  },
};
