import type { ChainNode } from '../types/chain-node.js';
import type { WechatpayResponse } from '../types/response.js';
import type { Paths, Root } from './generated/index.js';

/**
 * `chain()` at the root: a catalog path gives its typed node, any other path (or a `string`) a loose one. An indexed
 * access rather than a check against `keyof Paths`, which would build a union of every path on each program.
 */
export interface RootChain {
  /** Appends a path, segments kept as written (`{name}` and `_name_` are placeholders). */
  chain<P extends string>(path: P): PathNode<P>;
}

/** The node of a path: typed for a catalog path, loose otherwise (the index signature answers what `Paths` lacks). */
export type PathNode<P extends string> = (Paths & { [path: string]: ChainNode })[P];

/**
 * The root of the typed chain: `v3`/`v2` and their products as properties, every catalog path as a bracket key
 * (`instance['v3/pay/transactions/native']`), and anything else loose, as before.
 */
export type TypedRoot = Root & Paths & RootChain & { [segment: string]: ChainNode };

/** The verbs a typed node may have. */
export type VerbName = 'get' | 'put' | 'post' | 'patch' | 'delete';

/**
 * The options of a catalog endpoint's verb, for building them apart from the call:
 * `EndpointOptions<'v3/pay/transactions/native', 'post'>`. `never` when the endpoint has no such verb.
 */
export type EndpointOptions<P extends keyof Paths, V extends VerbName> = Paths[P][V] extends (options: infer O) => unknown
  ? Exclude<NonNullable<O>, { encrypt: (seal: never) => unknown; json?: never }>
  : never;

/** What `json()` (APIv3) gives for a catalog endpoint's verb: `EndpointResponse<'v3/refund/domestic/refunds', 'post'>`. */
export type EndpointResponse<P extends keyof Paths, V extends VerbName> = Paths[P][V] extends (options: never) => WechatpayResponse<infer J, unknown>
  ? J
  : never;
