import type { Dispatcher } from 'undici';
import type { PlatformCertificatesOptions } from '../certificates/platform-certificates.js';
import type { KeyInput } from '../crypto/key-input.js';
import type { SymmetricKeyInput } from '../crypto/symmetric-key.js';
import type { FailoverOptions } from '../retry/host-health.js';
import type { RetryOptions } from '../retry/policy.js';
import type { Transport } from '../transports/transport.js';

/** A client certificate for mutual TLS: PEM certificate and key, or a PKCS#12 bundle and its passphrase. */
export type MerchantTls = { cert: string | Uint8Array; key: string | Uint8Array; passphrase?: string } | { pfx: Uint8Array; passphrase?: string };

/** What `Builder.factory` takes. */
export interface ClientConfig {
  /** The merchant id, as a string: `'1900000001'`. */
  mchid: string;
  /** The serial number of the merchant API certificate (APIv3; optional when only `secret` is used). */
  serial?: string;
  /** The merchant API private key, RSA of at least 2048 bits: PEM text, PEM/DER bytes, a `KeyObject` or a `file://` URL (APIv3). */
  privateKey?: KeyInput;
  /**
   * WeChat Pay's keys for verifying answers, by platform certificate serial or public key id
   * (`PUB_KEY_ID_…`): an X.509 certificate or a public key (RSA, at least 2048 bits), in any form `privateKey` takes.
   */
  certs?: Record<string, KeyInput>;
  /** The APIv2 key (32 bytes): signs `v2/…` calls and verifies their answers. An APIv2-only client needs no APIv3 keys. */
  secret?: SymmetricKeyInput;
  /** The merchant API certificate and key for mutual TLS, used only by calls with `security: true` (APIv2 `secapi/…`). */
  merchant?: MerchantTls;
  /** TLS settings of both connection pools, e.g. `{ ca }` to trust a private CA (a test simulator's). */
  tls?: { ca?: string | Uint8Array | Array<string | Uint8Array> };
  /** The APIv3 key (32 characters, its bytes, or a secret KeyObject): needed to download platform certificates. */
  apiV3Key?: SymmetricKeyInput;
  /**
   * Download WeChat Pay's platform certificates with `apiV3Key` and keep them fresh: on a schedule (12 h by
   * default), and when an answer names a serial not yet known. `certs` may then be empty. Not needed in public
   * key mode (`PUB_KEY_ID_…`), which new merchants use.
   */
  platformCertificates?: boolean | PlatformCertificatesOptions;
  /** Default `https://api.mch.weixin.qq.com/`; a base path (`https://apihk.mch.weixin.qq.com/hk/`) is kept. */
  baseURL?: string | URL;
  /**
   * The host a call goes to when the primary cannot be reached (no connection: DNS, refused, TLS): default
   * `https://api2.wechatpay.cn/` when `baseURL` is the default `https://api.mch.weixin.qq.com/`, none otherwise;
   * `false` for none. It must have the same base path as `baseURL`. See the retries guide.
   */
  backupBaseURL?: string | URL | false;
  /** When calls start on the backup host and when the primary is tried again. */
  failover?: FailoverOptions;
  /**
   * The built-in retry: `{ attempts, minDelay, maxDelay }` over the default (3 attempts in all, waits of 100 ms to
   * 2 s), or `false` to send every call once. A call's own `retry` option overrides it. See the retries guide.
   */
  retry?: RetryOptions | false;
  /**
   * Milliseconds for a whole call, middleware and every retry included; default 30 000, at most 2147483647 (2^31 - 1, the longest a
   * timer waits). A synchronous call never blocks much longer.
   */
  timeout?: number;
  /**
   * The most bytes of an answer read into memory, default 33 554 432 (32 MiB): far above any JSON or XML answer, so
   * that a broken or hostile server cannot make a call buffer hundreds of MiB. Past it the call fails with a
   * `TransportError` `too_large` and the connection is closed. Files fetched with the `download` option stream
   * and are not counted.
   */
  maxResponseBytes?: number;
  /** Headers added to every call. */
  headers?: Record<string, string>;
  /** The transport of asynchronous calls, e.g. `fetchTransport()`; default: undici. */
  transport?: Transport;
  /** An undici dispatcher (`ProxyAgent`…) for the default transport of asynchronous calls. */
  dispatcher?: Dispatcher;
  /** Milliseconds since the epoch; for tests that fix the time (of requests and of `payParams`). */
  clock?: () => number;
  /** The request nonce; for tests that fix it (also the nonce of `payParams`). */
  nonce?: () => string;
}
