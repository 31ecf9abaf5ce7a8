import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { isCertificateDownload } from '../certificates/bootstrap-marker.js';
import { PlatformCertificates } from '../certificates/platform-certificates.js';
import { settleDownload, settleDownloadSync } from '../downloads/finish-download.js';
import { downloadCall, type DownloadSource } from '../downloads/download-source.js';
import type { DownloadOptions, DownloadResult } from '../types/download-types.js';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { isUnsignedFile } from '../downloads/file-endpoints.js';
import { encryptor, requireEncrypted, type PlatformPublicKey } from '../middlewares/encryptor.js';
import { signer } from '../middlewares/signer.js';
import { transformRequest } from '../middlewares/transform-request.js';
import { transformResponse } from '../middlewares/transform-response.js';
import { verifier } from '../middlewares/verifier.js';
import { HostHealth } from '../retry/host-health.js';
import { retry } from '../retry/retry.js';
import { clientPayParams, type ClientPayParams } from '../pay-params/client-pay-params.js';
import { isPromiseLike, type MaybePromise } from '../types/maybe-promise.js';
import { MiddlewareStack } from '../stack/middleware-stack.js';
import { SyncTransport } from '../transports/sync-transport.js';
import type { Transport } from '../transports/transport.js';
import { undiciTransport } from '../transports/undici-transport.js';
import { transportError } from '../transports/wire.js';
import { safeUrl } from '../utils/safe-url.js';
import { type SeenRequest, traceCall, traceCallAsync } from './tracing.js';
import { userAgent } from '../utils/user-agent.js';
import type { CallOptions } from '../types/call-options.js';
import { Deadline } from '../types/deadline.js';
import type { ClientConfig } from './client-config.js';
import type { HttpMethod } from '../types/http-method.js';
import { loadConfig, type TlsMaterial } from './load-config.js';
import { parseBase, prepareRequest, type RequestDefaults } from './prepare-request.js';
import type { WechatpayResponse } from '../types/response.js';
import type { WechatpayRequest } from '../types/request.js';

/**
 * The driver behind a chain (`instance.getDriver()`): it holds the configuration, the middleware stack and
 * the transports, and performs calls. Every call, synchronous or not, runs through the same `stack`.
 */
export class Client {
  /**
   * The request pipeline, outermost first: `encryptor`, `retry`, `signer`, `verifier` (APIv3), then whatever you add; a
   * client with the APIv2 `secret` also has `transform_request` first and `transform_response` last.
   */
  readonly stack = new MiddlewareStack();
  readonly mchid: string;
  readonly baseURL: URL;
  /** Where calls go when `baseURL` cannot be reached (unset: nowhere else). */
  readonly backupBaseURL: URL | undefined;
  readonly transport: Transport;
  /** Front-end pay parameters (JSAPI, mini program, APP) signed with this client's merchant key. */
  readonly payParams: ClientPayParams;
  /** The downloaded platform certificates, when `platformCertificates` is set. */
  readonly certificates: PlatformCertificates | undefined;
  readonly #defaults: RequestDefaults;
  readonly #custom: string | undefined;
  readonly #sync: SyncTransport;
  /** What each protocol lacks on this client, for a `ConfigError` before anything is sent. */
  readonly #missing: { v2: string | undefined; v3: string | undefined };
  readonly #tls: TlsMaterial;

  constructor(config: ClientConfig) {
    const loaded = loadConfig(config);
    this.mchid = loaded.mchid;
    this.baseURL = loaded.baseURL;
    this.#custom = config.transport ? 'transport' : config.dispatcher ? 'dispatcher' : undefined;
    this.#tls = loaded.tls;
    this.#sync = new SyncTransport(loaded.tls);
    this.transport = config.transport ?? undiciTransport({ dispatcher: config.dispatcher, tls: loaded.tls });
    const headers = new Headers({ Accept: 'application/json', 'User-Agent': userAgent() });
    for (const [name, value] of Object.entries(loaded.headers)) headers.set(name, value);
    this.backupBaseURL = loaded.backupBaseURL;
    this.#defaults = {
      baseURL: loaded.baseURL,
      backupBaseURL: loaded.backupBaseURL,
      timeout: loaded.timeout,
      maxResponseBytes: loaded.maxResponseBytes,
      headers,
    };
    const { mchid, serial, privateKey, keys, clock, nonce, apiV3Key, platformCertificates, secret } = loaded;
    this.#missing = {
      v2: secret ? undefined : 'secret',
      v3: serial === undefined || privateKey === undefined ? 'serial, privateKey, certs' : undefined,
    };
    this.payParams = clientPayParams(mchid, privateKey, { clock, nonce });
    const certificates = apiV3Key && platformCertificates ? new PlatformCertificates(this, apiV3Key, keys, clock, platformCertificates) : undefined;
    this.certificates = certificates;
    const preferred = preferredKey(keys, loaded.preferredSerial, certificates);
    if (secret) this.stack.push(transformRequest({ mchid, secret, nonce }), 'transform_request');
    this.stack.push(encryptor({ key: preferred }), 'encryptor');
    // Inside the encryptor (fields are encrypted once) and outside the signer (each attempt is signed afresh).
    const { backupBaseURL } = loaded;
    const failover = backupBaseURL && { primary: loaded.baseURL, backup: backupBaseURL, health: new HostHealth(loaded.failover) };
    this.stack.push(retry({ policy: loaded.retry, ...(failover && { failover }) }), 'retry');
    // An APIv2-only client keeps the names; its APIv3 calls are refused before the stack runs.
    this.stack.push(
      serial && privateKey
        ? signer({ mchid, serial, privateKey, preferredSerial: () => preferred()?.serial, clock, nonce })
        : (request, next) => next(request),
      'signer',
    );
    this.stack.push(
      verifier({
        keys,
        clock,
        // A file passes unsigned; an error answer from a file endpoint is verified when it carries the headers.
        skip: (request, response) =>
          isCertificateDownload(request.options.context) ||
          (isUnsignedFile(request, request.options.baseURL === undefined ? this.baseURL : parseBase(request.options.baseURL)) && response.ok),
        resolveKey: certificates && ((serial, request) => certificates.resolve(serial, request.sync)),
      }),
      'verifier',
    );
    if (secret) this.stack.push(transformResponse({ secret }), 'transform_response');
  }

  /** A call whose protocol lacks its credentials, or a mutual-TLS call without a client certificate, fails here. */
  #check(request: WechatpayRequest): WechatpayRequest {
    const missing = this.#missing[request.protocol ?? 'v3'];
    if (missing === 'secret') throw new ConfigError('secret', 'is required for APIv2 (v2/…) calls: the 32-byte APIv2 key');
    if (missing)
      throw new ConfigError(missing, `are required for APIv3 calls (${request.template}); this client was configured with the APIv2 secret only`);
    if (request.security && !this.#tls.merchant)
      throw new ConfigError('merchant', 'is required for calls with security: true (the merchant API certificate for mutual TLS)');
    return request;
  }

  /**
   * A synchronous call: blocks this thread until the verified response is there, and returns it. Nothing can
   * interrupt running JavaScript, so its deadline only bounds the exchange, which gets the time the middleware left.
   */
  request(method: HttpMethod, template: string, options?: CallOptions): WechatpayResponse {
    return traceCall(
      () => ({ method, template, sync: true, host: this.baseURL.host }),
      (seen) => this.#request(method, template, options, seen),
    );
  }

  #request(method: HttpMethod, template: string, options: CallOptions | undefined, seen: SeenRequest): WechatpayResponse {
    const prepared = prepareRequest(method, template, options, true, this.#defaults);
    seen(prepared);
    this.#check(prepared);
    if (this.#custom) {
      throw new ConfigError(
        this.#custom,
        `synchronous calls run undici in a worker thread and cannot use a custom ${this.#custom}; use ${method.toLowerCase()}Async`,
      );
    }
    const { multipart } = prepared;
    // How many times the request reached the transport (the retry may send it again), and where it went last (the
    // backup host, maybe), for the trace.
    let sent = 0;
    let last: WechatpayRequest | undefined;
    try {
      const deadline = new Deadline(prepared.timeout, undefined, { timer: false });
      const request: WechatpayRequest = { ...prepared, deadline, ...(multipart && { body: multipart.prepareSync() }) };
      return settleDownloadSync(request, () => {
        const result = this.stack.run(request, (final) => {
          sent += 1;
          last = final;
          return this.#sync.send(requireEncrypted(final));
        });
        // The stack refuses promises in synchronous calls; this guards the type.
        if (isPromiseLike(result)) throw new ConfigError('stack', 'returned a promise in a synchronous call');
        return result;
      });
    } finally {
      seen(last, sent);
      multipart?.dispose();
    }
  }

  /**
   * An asynchronous call: a promise of the verified response. Its one deadline, made here, bounds the whole call:
   * a middleware that never settles ends it at its `timeout` (or its `signal`) like a slow answer would.
   */
  requestAsync(method: HttpMethod, template: string, options?: CallOptions): Promise<WechatpayResponse> {
    return traceCallAsync(
      () => ({ method, template, sync: false, host: this.baseURL.host }),
      (seen) => this.#requestAsync(method, template, options, seen),
    );
  }

  async #requestAsync(method: HttpMethod, template: string, options: CallOptions | undefined, seen: SeenRequest): Promise<WechatpayResponse> {
    const prepared = prepareRequest(method, template, options, false, this.#defaults);
    seen(prepared);
    this.#check(prepared);
    const deadline = new Deadline(prepared.timeout, prepared.signal);
    const { multipart } = prepared;
    const what = `${method} ${safeUrl(prepared.url)}`;
    let sent = 0;
    let last: WechatpayRequest | undefined;
    try {
      // Each file is read once here for its SHA-256; the signed `meta` becomes the body.
      const body = multipart ? await bounded(deadline, prepared.signal, what, () => multipart.prepare()) : prepared.body;
      const request: WechatpayRequest = { ...prepared, deadline, body };
      const send = (final: WechatpayRequest) => {
        // A middleware that carries on after its call ended (timed out, aborted) must not send it late.
        if (deadline.aborted) return Promise.reject(transportError(deadline.reason, what, deadline.timeout, deadline, request.signal));
        sent += 1;
        last = final;
        return this.transport.send(requireEncrypted(final));
      };
      return await settleDownload(request, () => bounded(deadline, request.signal, what, () => this.stack.run(request, send)));
    } finally {
      seen(last, sent);
      deadline.dispose();
      multipart?.dispose();
    }
  }

  /**
   * Downloads the file of an apply answer (`{ download_url, hash_type, hash_value }`) or of a `download_url`, to a
   * path or stream, checking the digest while it streams. Resolves with what was written.
   */
  async download(source: DownloadSource, options: DownloadCallOptions): Promise<DownloadResult> {
    const { path, call } = this.#downloadCall(source, options);
    const response = await this.requestAsync('GET', path, call);
    return response.download as DownloadResult;
  }

  /** `download()` in a synchronous call (to a path, without progress callbacks). */
  downloadSync(source: DownloadSource, options: DownloadCallOptions): DownloadResult {
    const { path, call } = this.#downloadCall(source, options);
    return this.request('GET', path, call).download as DownloadResult;
  }

  #downloadCall(source: DownloadSource, options: DownloadCallOptions): { path: string; call: CallOptions } {
    if (!isPlainObject(options)) throw new ParameterError('options', 'must be an object such as { to: "./bill.csv" }');
    const { timeout, signal, headers, context, ...download } = options;
    const found = downloadCall(source, this.baseURL);
    const hash = download.hash ?? found.hash;
    // Only the options given: an explicit `undefined` would still count as an option.
    const given = Object.entries({ timeout, signal, headers, context, baseURL: found.baseURL }).filter(([, value]) => value !== undefined);
    const call: CallOptions = { ...Object.fromEntries(given), query: found.query, download: { ...download, ...(hash && { hash }) } };
    return { path: found.path, call };
  }

  /** Closes the connections and the synchronous worker. Calls made afterwards open new ones. */
  async close(): Promise<void> {
    this.certificates?.stop();
    await Promise.all([this.transport.close(), this.#sync.close()]);
  }

  /** What a log shows of a client: never a key. */
  toJSON(): Record<string, unknown> {
    return {
      mchid: this.mchid,
      baseURL: safeUrl(this.baseURL),
      ...(this.backupBaseURL && { backupBaseURL: safeUrl(this.backupBaseURL) }),
      transport: this.transport.name,
      stack: this.stack.names,
    };
  }

  [inspect.custom](): string {
    return `Client ${inspect(this.toJSON())}`;
  }
}

/**
 * Runs `work` until it settles or the deadline ends (timeout or the caller's signal), whichever comes first; then
 * the call fails as the transport would have, and whatever is still pending is left to the deadline's abort.
 */
function bounded<T>(deadline: Deadline, signal: AbortSignal | undefined, what: string, work: () => MaybePromise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(transportError(deadline.reason, what, deadline.timeout, deadline, signal));
    if (deadline.aborted) return onAbort();
    deadline.once('abort', onAbort);
    // An async wrapper turns a synchronous throw into a rejection.
    void (async () => work())()
      .then(resolve, reject)
      .finally(() => deadline.off('abort', onAbort));
  });
}

/** What `download()` takes: where the file goes and how, and the call options a download may carry. */
export interface DownloadCallOptions extends DownloadOptions, Pick<CallOptions, 'timeout' | 'signal' | 'headers' | 'context'> {}

/**
 * The platform key the client asks WeChat Pay to sign with and encrypts sensitive fields with: a public key id when
 * configured; else the downloaded certificate that expires last (the newest, after a rotation); else the first one.
 */
function preferredKey(keys: ReadonlyMap<string, KeyObject>, configured: string | undefined, certificates?: PlatformCertificates) {
  return (): PlatformPublicKey | undefined => {
    const serial = configured?.startsWith('PUB_KEY_ID_') ? configured : (certificates?.newest?.serial ?? configured);
    const publicKey = serial === undefined ? undefined : keys.get(serial);
    return publicKey && serial ? { serial, publicKey } : undefined;
  };
}
