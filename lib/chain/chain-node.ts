import type { CallOptions } from '../client/call-options.js';
import type { Client } from '../client/client.js';
import type { WechatpayResponse } from '../client/response.js';
import type { TypedRoot } from '../endpoints/typed-root.js';

/** `get/put/post/patch/delete`: block until the verified response is there. */
export type SyncVerb = (options?: CallOptions) => WechatpayResponse;
/** `getAsync/…`: a promise of the verified response. */
export type AsyncVerb = (options?: CallOptions) => Promise<WechatpayResponse>;

/** The members every chain node has besides its segments. Verbs are nodes too: `receivers.delete.post()`. */
export interface ChainMembers {
  get: SyncVerb & ChainNode;
  put: SyncVerb & ChainNode;
  post: SyncVerb & ChainNode;
  patch: SyncVerb & ChainNode;
  delete: SyncVerb & ChainNode;
  getAsync: AsyncVerb & ChainNode;
  putAsync: AsyncVerb & ChainNode;
  postAsync: AsyncVerb & ChainNode;
  patchAsync: AsyncVerb & ChainNode;
  deleteAsync: AsyncVerb & ChainNode;
  /** Appends a path, segments kept as written (`{name}` and `_name_` are placeholders). */
  chain(path: string): ChainNode;
}

/** A point in the URI: each property is the next segment. */
export type ChainNode = ChainMembers & { [segment: string]: ChainNode };

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
