import type { DownloadTarget } from '../downloads/download-target.js';
import type { MultipartUpload } from '../media/multipart-upload.js';
import type { CallOptions } from './call-options.js';
import type { Deadline } from './deadline.js';
import type { HttpMethod } from './http-method.js';

/**
 * One request on its way through the middleware stack. Middleware may change `url`, `headers` and `body`;
 * the signer signs what is here when it runs, so it must see the final target and bytes.
 */
export interface WechatpayRequest {
  method: HttpMethod;
  /** The absolute target, placeholders filled and query appended. */
  url: URL;
  headers: Headers;
  body: Uint8Array | undefined;
  /** `'v2'` for `v2/…` paths (XML, the prefix stripped from `url`); `'v3'` (or unset) otherwise. */
  readonly protocol?: 'v2' | 'v3';
  /** Send over the mutual-TLS connection pool (the call's `security` option). */
  readonly security?: boolean;
  /** The chain's path template, e.g. `v3/pay/transactions/id/{transaction_id}`. */
  readonly template: string;
  /** The call's options as the caller gave them. */
  readonly options: Readonly<CallOptions>;
  /** True in `get/post/…`, false in `getAsync/postAsync/…`. */
  readonly sync: boolean;
  /** Milliseconds for the whole call, middleware included. */
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
  /**
   * The call's one deadline, made as it starts from `timeout` and `signal`: transports use it rather than a timer of
   * their own, and a synchronous call's worker gets what is left of it. Set on every call the client makes.
   */
  readonly deadline?: Deadline;
  /** The most bytes of an answer read into memory; a download's file is not counted. */
  readonly maxResponseBytes: number;
  /**
   * An upload (`body: { file, meta }`): once prepared, `body` holds its `meta` JSON, which is what gets signed,
   * and the transport sends the files after it as multipart.
   */
  readonly multipart?: MultipartUpload;
  /** Where a `download` call's file goes. */
  readonly download?: DownloadTarget;
}
