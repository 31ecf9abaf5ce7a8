import type { DownloadOptions } from './download-types.js';
import type { MultipartBody } from './media-types.js';
import type { EncryptOption } from './encrypt-option.js';

/** A value that may be sent as a query parameter. */
export type QueryValue = string | number | boolean;

/**
 * The options of one call, as in wechatpay-php. Path placeholders are given by their own names at the top level
 * (`{ out_order_no: '…' }` fills `{out_order_no}`).
 */
export interface CallOptions {
  /** An object or array sent as JSON; serialised once, and exactly those bytes are signed and sent. */
  json?: object;
  /**
   * A raw body, signed and sent as given; or a multipart upload (`{ file, meta }`), whose `meta` JSON is what gets
   * signed while the file streams.
   */
  body?: string | Uint8Array | MultipartBody;
  /** Stream the answer's (unsigned) file to a path or stream, hashing and optionally gunzipping it on the way. */
  download?: DownloadOptions;
  /** Appended to the URL (and so covered by the signature). `undefined` values are left out. */
  query?: Record<string, QueryValue | readonly QueryValue[] | undefined>;
  /** Extra request headers; they override the defaults. */
  headers?: Record<string, string>;
  /** Where this call goes instead of the client's `baseURL`. */
  baseURL?: string | URL;
  /**
   * Milliseconds for the whole call, middleware and every retry included (default: the client's `timeout`); at most 2147483647
   * (2^31 - 1, the longest a timer waits).
   */
  timeout?: number;
  /**
   * The most bytes of the answer to read into memory (default: the client's `maxResponseBytes`, 32 MiB); past it the
   * call fails with a `TransportError` `too_large`. A `download`'s file is not counted.
   */
  maxResponseBytes?: number;
  /** Cancels an asynchronous call. Synchronous calls cannot be aborted, only timed out. */
  signal?: AbortSignal;
  /**
   * Sensitive fields to encrypt with the platform public key the client prefers, which the call's
   * `Wechatpay-Serial` then names: `'catalog'`, a list of paths (`['json.contact_info.contact_name']`) or a
   * function that builds the body (`(seal) => ({ name: seal('…') })`). Served by the `encryptor` middleware.
   */
  encrypt?: EncryptOption;
  /** APIv2 (`v2/…` paths): the payload, signed and sent as `<xml>` by the `transform_request` middleware. */
  xml?: Record<string, string | number | undefined>;
  /** APIv2: send this call over mutual TLS with the client's `merchant` certificate (`secapi/…` endpoints). */
  security?: boolean;
  /** APIv2: do not add `nonce_str` (the few endpoints that take none). */
  nonceless?: boolean;
  /**
   * This call's retry policy over the client's (`{ attempts: 1 }` or `false`: send once). See the retries guide.
   */
  retry?: { attempts?: number; minDelay?: number; maxDelay?: number } | false;
  /**
   * Whether this call may be sent again after it may have reached WeChat Pay (a 429 or 5xx answer, a reset, a
   * timeout). Default: true for GET and for the operations WeChat Pay deduplicates by your number (`out_trade_no`,
   * `out_refund_no`…), false otherwise. A call that never left (no connection) is always tried again.
   */
  idempotent?: boolean;
  /** Free data for your own middleware; never sent. */
  context?: Record<string, unknown>;
  /** Path placeholder values. */
  [placeholder: string]: unknown;
}

/** The option names that are not placeholders. */
export const OPTION_NAMES: ReadonlySet<string> = new Set([
  'json',
  'body',
  'query',
  'headers',
  'baseURL',
  'timeout',
  'signal',
  'context',
  'encrypt',
  'xml',
  'security',
  'nonceless',
  'download',
  'maxResponseBytes',
  'retry',
  'idempotent',
]);
