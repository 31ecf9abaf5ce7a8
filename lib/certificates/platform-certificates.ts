import type { KeyObject } from 'node:crypto';
import type { CallOptions } from '../types/call-options.js';
import type { WechatpayResponse } from '../types/response.js';
import { verifyResponse } from '../crypto/verify-response.js';
import type { MaybePromise } from '../types/maybe-promise.js';
import { CERTIFICATE_DOWNLOAD } from './bootstrap-marker.js';
import { readListing } from './certificate-listing.js';
import type { PlatformCertificate } from './platform-certificate.js';
import { fromShared, toShared } from './shared-listing.js';
import type { WechatpayStore } from '../stores/store.js';

export interface PlatformCertificatesOptions {
  /** Milliseconds between scheduled refreshes; default 12 hours. */
  interval?: number;
  /** At most one refresh for an unknown `Wechatpay-Serial` in this many milliseconds; default 60 000. */
  retryAfter?: number;
  /** Told about refreshes that failed (the old keys stay); default: a process warning. */
  onError?: (error: unknown) => void;
  /**
   * Shares downloads among every client using the same store (`redisStore(client)` for a fleet): one process
   * downloads `v3/certificates` and stores the signed listing, the others read it and check it as their own
   * download (signature, decryption with the APIv3 key). Asynchronous calls only: a synchronous call that meets an
   * unknown serial downloads itself, as without a store (and shares what it got).
   */
  store?: WechatpayStore;
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
/** How long a process holds the download lock at most (longer than a download takes: it is released when done). */
const LOCK_MS = 30_000;
/** How long the others wait for the holder's listing before downloading themselves, and how often they look. */
const WAIT_MS = 10_000;
const POLL_MS = 100;

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
  readonly #interval: number;
  readonly #store: WechatpayStore | undefined;
  readonly #listingKey: string;
  readonly #lockKey: string;
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
    /** The merchant id: merchants sharing one store keep their listings apart. */
    mchid = '',
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
    this.#interval = interval;
    this.#store = options.store;
    this.#listingKey = `certificates:${mchid}:listing`;
    this.#lockKey = `certificates:${mchid}:lock`;
    // A listing another process stored within the interval is as good as a download now.
    this.#timer = setInterval(() => void this.#refresh(interval).catch(this.#onError), interval).unref();
  }

  /** The certificates held now, newest expiry last. */
  get certificates(): PlatformCertificate[] {
    return [...this.#held.values()].sort((a, b) => a.validTo.getTime() - b.validTo.getTime());
  }

  /** The certificate that expires last (asked at every call, so found once per refresh, not per call). */
  get newest(): PlatformCertificate | undefined {
    return this.#newest;
  }

  /** Downloads and installs the certificates now, blocking (a synchronous call); with a store, shares the listing. */
  refresh(): PlatformCertificate[] {
    const response = this.#client.request('GET', 'v3/certificates', download());
    const held = this.#install(response);
    this.#share(response);
    return held;
  }

  /**
   * Downloads and installs the certificates; concurrent callers share one download. With a store, so do the
   * processes sharing it: one downloads while the others wait for its listing.
   */
  refreshAsync(): Promise<PlatformCertificate[]> {
    return this.#refresh(0);
  }

  /** Refreshes, or with a store takes a listing stored at most `maxAge` ms ago. */
  #refresh(maxAge: number): Promise<PlatformCertificate[]> {
    this.#running ??= (this.#store ? this.#fromStore(this.#store, maxAge) : this.#download()).finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #download(): Promise<PlatformCertificate[]> {
    return this.#install(await this.#client.requestAsync('GET', 'v3/certificates', download()));
  }

  /**
   * A stored listing fresh enough, or the lock to download one (released when done), or, while another holds the
   * lock, its listing once stored (any listing that differs from the one first seen: clocks of other machines may
   * lag). A store that fails, or a wait that lasts, ends in a download of our own.
   */
  async #fromStore(store: WechatpayStore, maxAge: number): Promise<PlatformCertificate[]> {
    const since = this.#clock() - maxAge;
    const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
    const giveUp = performance.now() + WAIT_MS;
    let first: string | undefined;
    let refused: string | undefined;
    for (let round = 0; ; round++) {
      let claimed: boolean;
      try {
        const text = await store.get(this.#listingKey);
        if (round === 0) first = text;
        const stored = text === refused ? undefined : fromShared(text);
        if (stored && (stored.at >= since || (round > 0 && text !== first))) {
          try {
            return this.#install(stored.response, stored.at);
          } catch (error) {
            // Not a listing we would have accepted from the network: report it (once), and download a good one.
            refused = text;
            this.#onError(error);
          }
        }
        claimed = await store.claim(this.#lockKey, token, LOCK_MS);
      } catch (error) {
        this.#onError(error);
        break;
      }
      if (claimed) {
        try {
          const response = await this.#client.requestAsync('GET', 'v3/certificates', download());
          const held = this.#install(response);
          await store.set(this.#listingKey, toShared(response, this.#clock()), this.#interval + 60_000).catch(this.#onError);
          return held;
        } finally {
          await release(store, this.#lockKey, token).catch(this.#onError);
        }
      }
      if (performance.now() >= giveUp) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return this.#download();
  }

  /** A listing downloaded by a synchronous call, offered to the others without waiting (a failure is reported). */
  #share(response: WechatpayResponse): void {
    const store = this.#store;
    if (!store) return;
    const shared = toShared(response, this.#clock());
    Promise.resolve()
      .then(() => store.set(this.#listingKey, shared, this.#interval + 60_000))
      .catch(this.#onError);
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
    return this.#resolveAsync(serial).then(
      () => undefined,
      (error: unknown) => this.#onError(error),
    );
  }

  /**
   * With a store: first any listing of the interval (a process just started takes the fleet's), and when the serial
   * is not in it, one downloaded from now on (by whichever process holds the lock).
   */
  async #resolveAsync(serial: string): Promise<void> {
    if (this.#store) {
      await this.#refresh(this.#interval);
      if (this.#keys.has(serial)) return;
    }
    await this.#refresh(0);
  }

  /** Stops the schedule. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** `signedAt`: when a stored listing was downloaded, for its timestamp check (its signature is checked as ever). */
  #install(response: WechatpayResponse, signedAt?: number): PlatformCertificate[] {
    const now = this.#clock();
    const fresh = readListing(response.json(), this.#apiV3Key, now);
    // The bootstrap: the listing must be signed by a certificate it carries, or by one already trusted.
    const trusted = new Map(this.#keys);
    for (const certificate of fresh) trusted.set(certificate.serial, certificate.publicKey);
    verifyResponse(response, trusted, signedAt === undefined ? this.#clock : () => signedAt);
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

/** Deletes the lock if it is still ours (it may have expired and been taken by another process). */
async function release(store: WechatpayStore, key: string, token: string): Promise<void> {
  if ((await store.get(key)) === token) await store.delete(key);
}

function download() {
  return { context: { [CERTIFICATE_DOWNLOAD]: true } as unknown as Record<string, unknown> };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
