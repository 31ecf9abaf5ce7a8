import type { KeyObject } from 'node:crypto';
import type { CallOptions } from '../types/call-options.js';
import type { WechatpayResponse } from '../types/response.js';
import { verifyResponse } from '../crypto/verify-response.js';
import type { MaybePromise } from '../types/maybe-promise.js';
import { CERTIFICATE_DOWNLOAD } from './bootstrap-marker.js';
import { readListing } from './certificate-listing.js';
import type { PlatformCertificate } from './platform-certificate.js';

export interface PlatformCertificatesOptions {
  /** Milliseconds between scheduled refreshes; default 12 hours. */
  interval?: number;
  /** At most one refresh for an unknown `Wechatpay-Serial` in this many milliseconds; default 60 000. */
  retryAfter?: number;
  /** Told about refreshes that failed (the old keys stay); default: a process warning. */
  onError?: (error: unknown) => void;
}

/**
 * All the certificate store needs of a client: one GET, blocking or not. A narrow door instead of the whole
 * `Client`, so the store sits below the client that owns it.
 */
export interface CertificateRequester {
  request(method: 'GET', template: string, options: CallOptions): WechatpayResponse;
  requestAsync(method: 'GET', template: string, options: CallOptions): Promise<WechatpayResponse>;
}

const HOUR = 3_600_000;

/**
 * Keeps WeChat Pay's platform certificates fresh in the verifier's key map: downloads `v3/certificates`,
 * decrypts each certificate with the APIv3 key, checks the listing's signature with the certificates it carries
 * (or those already trusted), adds new serials, and drops only certificates that have expired. A failed refresh
 * keeps the old keys and is reported, never thrown into an unrelated call.
 */
export class PlatformCertificates {
  readonly #client: CertificateRequester;
  readonly #apiV3Key: KeyObject;
  readonly #keys: Map<string, KeyObject>;
  readonly #clock: () => number;
  readonly #retryAfter: number;
  readonly #onError: (error: unknown) => void;
  readonly #held = new Map<string, PlatformCertificate>();
  readonly #attempts = new Map<string, number>();
  #running: Promise<PlatformCertificate[]> | undefined;
  #newest: PlatformCertificate | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    client: CertificateRequester,
    apiV3Key: KeyObject,
    keys: Map<string, KeyObject>,
    clock: () => number,
    options: PlatformCertificatesOptions = {},
  ) {
    this.#client = client;
    this.#apiV3Key = apiV3Key;
    this.#keys = keys;
    this.#clock = clock;
    this.#retryAfter = options.retryAfter ?? 60_000;
    this.#onError =
      options.onError ??
      ((error) => process.emitWarning(`WeChat Pay platform certificates were not refreshed: ${describe(error)}`, 'WechatpayWarning'));
    const interval = options.interval ?? 12 * HOUR;
    this.#timer = setInterval(() => void this.refreshAsync().catch(this.#onError), interval).unref();
  }

  /** The certificates held now, newest expiry last. */
  get certificates(): PlatformCertificate[] {
    return [...this.#held.values()].sort((a, b) => a.validTo.getTime() - b.validTo.getTime());
  }

  /** The certificate that expires last (asked at every call, so found once per refresh, not per call). */
  get newest(): PlatformCertificate | undefined {
    return this.#newest;
  }

  /** Downloads and installs the certificates now, blocking (a synchronous call). */
  refresh(): PlatformCertificate[] {
    return this.#install(this.#client.request('GET', 'v3/certificates', download()));
  }

  /** Downloads and installs the certificates; concurrent callers share one download. */
  refreshAsync(): Promise<PlatformCertificate[]> {
    this.#running ??= this.#client
      .requestAsync('GET', 'v3/certificates', download())
      .then((response) => this.#install(response))
      .finally(() => (this.#running = undefined));
    return this.#running;
  }

  /**
   * For the verifier: an answer names a serial we do not hold. Refresh once (at most every `retryAfter` ms per
   * serial) in the call's own mode; a failure is reported and the call then fails its serial check as it would have.
   */
  resolve(serial: string, sync: boolean): MaybePromise<void> {
    const now = this.#clock();
    const last = this.#attempts.get(serial);
    if (last !== undefined && now - last < this.#retryAfter) return undefined;
    this.#attempts.set(serial, now);
    if (sync) {
      try {
        this.refresh();
      } catch (error) {
        this.#onError(error);
      }
      return undefined;
    }
    return this.refreshAsync().then(
      () => undefined,
      (error: unknown) => this.#onError(error),
    );
  }

  /** Stops the schedule. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #install(response: WechatpayResponse): PlatformCertificate[] {
    const now = this.#clock();
    const fresh = readListing(response.json(), this.#apiV3Key, now);
    // The bootstrap: the listing must be signed by a certificate it carries, or by one already trusted.
    const trusted = new Map(this.#keys);
    for (const certificate of fresh) trusted.set(certificate.serial, certificate.publicKey);
    verifyResponse(response, trusted, this.#clock);
    for (const { publicKey, ...certificate } of fresh) {
      this.#keys.set(certificate.serial, publicKey);
      this.#held.set(certificate.serial, certificate);
    }
    for (const [serial, certificate] of this.#held) {
      if (certificate.validTo.getTime() <= now) {
        this.#held.delete(serial);
        this.#keys.delete(serial);
      }
    }
    const held = this.certificates;
    this.#newest = held.at(-1);
    return held;
  }
}

function download() {
  return { context: { [CERTIFICATE_DOWNLOAD]: true } as unknown as Record<string, unknown> };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
