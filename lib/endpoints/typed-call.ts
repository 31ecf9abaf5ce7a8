import type { ChainNode } from '../types/chain-node.js';
import type { CallOptions } from '../types/call-options.js';
import type { WechatpayResponse } from '../types/response.js';
import type { Seal } from '../types/encrypt-option.js';

/**
 * The named options of every call, without `CallOptions`' placeholder index signature: typed endpoints declare
 * their own placeholders, so a misspelt one in an object literal is an error instead of a silent extra key.
 */
export type BaseOptions = { [K in keyof CallOptions as string extends K ? never : K]: CallOptions[K] };

/**
 * The same options with the JSON body built by an `encrypt` function (which seals the sensitive values) instead of
 * given as `json`: the function must return what `json` would have been.
 */
export type WithBuiltBody<Options> = Options extends { json?: infer Json }
  ? Omit<Options, 'json' | 'encrypt'> & { json?: never; encrypt: (seal: Seal) => NonNullable<Json> }
  : never;

/** The options with `json` given: `encrypt` may then name fields (`'catalog'`, paths), not build the body. */
export type WithJsonBody<Options> = Options extends { json?: unknown }
  ? Omit<Options, 'encrypt'> & { encrypt?: 'catalog' | readonly string[] }
  : Options;

/**
 * What a typed verb with sensitive JSON fields takes: its options with `json`, or the same with the body built by
 * `encrypt`. Only those operations get the union (the generator wraps their options in it): it costs the
 * type-checker, and elsewhere there is nothing to seal.
 */
export type Accepts<Options> = WithJsonBody<Options> | WithBuiltBody<Options>;

/** A typed synchronous verb whose options are required (a placeholder or a required payload). */
export type SyncCall<Options, Json, Xml = Record<string, string>> = (options: Options) => WechatpayResponse<Json, Xml>;
/** A typed asynchronous verb whose options are required. */
export type AsyncCall<Options, Json, Xml = Record<string, string>> = (options: Options) => Promise<WechatpayResponse<Json, Xml>>;
/** A typed synchronous verb that may be called without options. */
export type OptionalSyncCall<Options, Json, Xml = Record<string, string>> = (options?: Options) => WechatpayResponse<Json, Xml>;
/** A typed asynchronous verb that may be called without options. */
export type OptionalAsyncCall<Options, Json, Xml = Record<string, string>> = (options?: Options) => Promise<WechatpayResponse<Json, Xml>>;

/**
 * A typed node: the catalog's segments and verbs (`Known`), and for everything else what every node had before (any
 * other segment, `chain()`), typed as loosely, so an endpoint WeChat Pay adds tomorrow is never blocked by the types.
 * An intersection rather than one interface: an index signature there would have to cover the typed members too.
 */
export type Node<Known> = Known & { chain(path: string): ChainNode } & { [segment: string]: ChainNode };
