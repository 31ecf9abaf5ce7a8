import type { CallOptions } from './call-options.js';
import type { WechatpayResponse } from './response.js';

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
