import type { Client } from '../client/client.js';
import type { TypedRoot } from '../endpoints/typed-root.js';
import type { ChainNode } from '../types/chain-node.js';

/**
 * What `Builder.factory` returns: the root node, which also gives access to its driver. Catalog endpoints are typed
 * (their options, verbs and answers); everything else is a loose {@link ChainNode}.
 */
export type Wechatpay = TypedRoot & {
  /** The client behind the chain: its middleware stack, `request`/`requestAsync` and `close`. */
  getDriver(): Client;
};

/**
 * The root without the catalog's types: every path loose, as before typed endpoints. The same object as
 * {@link Wechatpay}; ask for it with `Builder.factory<'untyped'>(config)`.
 */
export type UntypedWechatpay = ChainNode & {
  /** The client behind the chain: its middleware stack, `request`/`requestAsync` and `close`. */
  getDriver(): Client;
};
