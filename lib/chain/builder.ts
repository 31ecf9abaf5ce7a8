import { createChain } from './create-chain.js';
import type { UntypedWechatpay, Wechatpay } from './wechatpay.js';
import { Client } from '../client/client.js';
import type { ClientConfig } from '../client/client-config.js';

/**
 * The root a `factory<Typing>()` call gives. A literal flag, not the root type itself: telling `Wechatpay` from
 * `UntypedWechatpay` would compare the two structurally on every call, and `ReturnType<typeof Builder.factory>`,
 * which sees the constraint `'typed' | 'untyped'`, must still give the typed root.
 */
type RootAs<Typing> = [Typing] extends ['untyped'] ? UntypedWechatpay : Wechatpay;

/** Builds clients, as wechatpay-php's `Builder::factory`. */
export const Builder = {
  /**
   * Checks the configuration, loads every key once, and returns the root of a chain. Bad configuration throws
   * a `ConfigError` here, not at the first call.
   *
   * The chain is typed from the WeChat Pay API catalog; `Builder.factory<'untyped'>(config)` gives the same chain
   * typed loosely ({@link UntypedWechatpay}), every path and option as before (the choice is for the type-checker
   * only).
   */
  factory<Typing extends 'typed' | 'untyped' = 'typed'>(config: ClientConfig): RootAs<Typing> {
    return createChain(new Client(config)) as RootAs<Typing>;
  },
};
