import type { HttpHandler } from 'msw';
import type { KeyInput } from '../crypto/key-input.js';
import type { FaultRule } from '../simulator/fault-rules.js';
import type { LedgerOrder, LedgerRefund, PayOptions, PayResult, SettleRefundOptions, SettleRefundResult } from '../simulator/ledger-types.js';
import type { NotificationDelivery, NotifyOptions } from '../simulator/notify-types.js';
import type { ServedFile, ServeFileOptions } from '../simulator/served-files.js';
import type { PlatformOptions, ReceivedRequest, SimulatorFaults } from '../simulator/simulator-options.js';

/** Hands a callback to the app: its fetch handler (`notification.fetchHandler(…)`, a Hono or Next.js route…). */
export type CallbackHandler = (request: Request) => Response | Promise<Response>;

/** What `createWechatpayMock()` takes: the simulator's options that make sense without a listener, and two of its own. */
export interface WechatpayMockOptions {
  /** The merchant it serves; default `1900000001`. */
  mchid?: string;
  /** Your merchant serial and public key, to use your own test key pair; by default a fresh key pair is made. */
  merchant?: { serial: string; publicKey: KeyInput };
  /** The key answers and callbacks are signed with; by default a fresh key pair under a `PUB_KEY_ID_…` id. */
  platform?: PlatformOptions;
  /** The merchant's APIv3 key (32 characters) that callbacks are encrypted with; by default a fresh random one. */
  apiV3Key?: string;
  /** Also serve the APIv2 endpoints, signed with this APIv2 key (32 characters); `secapi/…` needs TLS: use the simulator. */
  v2?: { secret: string };
  /** Makes generated ids and sample values repeatable. Default `''`. */
  seed?: string;
  /**
   * How fast callback retries run: WeChat Pay's schedule (15 s, 15 s, 30 s … 6 h) times this. Default 0: a callback
   * that is not acknowledged is retried at once, so a test never waits.
   */
  timeScale?: number;
  /** Where the handlers answer, and what `config.baseURL` is; default `https://api.mch.weixin.qq.com/` (a path other than `/` is refused). */
  baseURL?: string;
  /**
   * Receives the callbacks (`pay()`, `settleRefund()`, `notify()`) as WHATWG requests to their `notify_url`, and
   * answers them: your app's fetch handler. Without it, callbacks go out through `globalThis.fetch`, where msw (or a
   * server of your test) may take them.
   */
  onCallback?: CallbackHandler;
}

/** What `wechatpay.notify()` takes: as `simulator.notify()`, with `to` optional when `onCallback` receives it. */
export interface MockNotifyOptions extends Omit<NotifyOptions, 'to'> {
  /** The callback URL; default `https://merchant.invalid/notify` when `onCallback` is set (required otherwise). */
  to?: string | URL;
}

/** Options of a signed answer made by hand. */
export interface SignedResponseOptions {
  /** Default 200. */
  status?: number;
  /** More headers (the `Wechatpay-*` ones are set last, and win). */
  headers?: Record<string, string>;
  /** Default `application/json; charset=utf-8`. */
  contentType?: string;
}

/** A `fetch` for `fetchTransport(wechatpay.fetch)`: the mock without msw. */
export type MockFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A simulated WeChat Pay behind msw handlers: the simulator's engine and ledger, in this thread, without a port. */
export interface WechatpayMock {
  /** For `setupServer(...wechatpay.handlers)` (or `server.use(...)`): every request under `baseURL`. */
  readonly handlers: HttpHandler[];
  /** For `Builder.factory({ ...wechatpay.config, transport: fetchTransport() })` (needs the mock-made merchant key). */
  readonly config: { mchid: string; serial: string; privateKey: string; certs: Record<string, string>; baseURL: string };
  readonly mchid: string;
  /** The key id and PEM public key the mock signs answers and callbacks with. */
  readonly platform: { serial: string; publicKey: string };
  /** The APIv3 key callbacks are encrypted with, for `new Notification({ apiV3Key, certs })`. */
  readonly apiV3Key: string;
  /** The same answers as the handlers, as a `fetch`: `fetchTransport(wechatpay.fetch)` needs no msw. */
  readonly fetch: MockFetch;
  /** A custom answer signed with the mock's platform key, which the client's verifier accepts. */
  signedResponse(body: unknown, options?: SignedResponseOptions): Response;
  /** Plays the payer of an order, as `simulator.pay()`: the callback goes to `onCallback` (or `fetch`). */
  pay(outTradeNo: string, options?: PayOptions): Promise<PayResult>;
  /** Settles a refund, as `simulator.settleRefund()`. */
  settleRefund(outRefundNo: string, options?: SettleRefundOptions): Promise<SettleRefundResult>;
  orders(): Promise<LedgerOrder[]>;
  refunds(): Promise<LedgerRefund[]>;
  /** Empties the ledger and removes the programmed faults. */
  reset(): Promise<void>;
  readonly faults: SimulatorFaults;
  /** Sends one sample APIv3 callback of `eventType`, as `simulator.notify()`, the way `pay()` sends its callback. */
  notify(eventType: string, options?: MockNotifyOptions): Promise<NotificationDelivery>;
  /** Puts a new platform key in service, as `simulator.rotate()`: `config.certs` lists it beside the older ones. */
  rotate(platform: PlatformOptions): Promise<void>;
  /** Takes an older platform key out of service, as `simulator.retire()`. */
  retire(serial: string): Promise<void>;
  /** The requests received so far, oldest first (as `simulator.received()`). */
  received(): Promise<ReceivedRequest[]>;
  /** Makes a file downloadable under `baseURL`, as `simulator.serveFile()`. */
  serveFile(content: Uint8Array | string, options?: ServeFileOptions): Promise<ServedFile>;
  /** Stops the callback retries still waiting. */
  close(): Promise<void>;
}

export type { FaultRule };
