import type { KeyInput } from '../crypto/key-input.js';
import type { FaultRule } from './fault-rules.js';
import type { LedgerOrder, LedgerRefund, PayOptions, PayResult, SettleRefundOptions, SettleRefundResult } from './ledger-types.js';
import type { NotificationDelivery, NotifyOptions } from './notify-types.js';
import type { ServedFile, ServeFileOptions } from './served-files.js';

/** A platform key: a public key id, or a platform certificate serial with the certificate `v3/certificates` lists. */
export interface PlatformOptions {
  serial: string;
  privateKey: KeyInput;
  /** PEM (or a `file://` URL) of the platform certificate holding this key; without it, public key mode. */
  certificate?: string | URL;
}

/** The APIv2 side of the simulator: the merchant's APIv2 key, and a TLS listener asking for client certificates. */
export interface SimulatorV2Options {
  /** The APIv2 key (32 characters) requests are signed with and answers are signed with. */
  secret: string;
  /**
   * PEM texts: `ca` signs the client certificates accepted (`secapi/…` refuses calls without one), `cert` and
   * `key` are the listener's server certificate. Without it there is no TLS listener.
   */
  tls?: { ca: string; cert: string; key: string };
}

export interface SimulatorOptions {
  /** The merchant the simulator serves; default `1900000001`. */
  mchid?: string;
  /** The merchant's API certificate serial and public key; by default a fresh key pair is made (see `Simulator.merchant`). */
  merchant?: { serial: string; publicKey: KeyInput };
  /**
   * The key the simulator signs answers with, under a public key id (`PUB_KEY_ID_…`) or a platform certificate
   * serial; by default a fresh key pair under a public key id.
   */
  platform?: PlatformOptions;
  /** The merchant's APIv3 key (32 characters) that callbacks are encrypted with; by default a fresh random one. */
  apiV3Key?: string;
  /** Default 0: any free port. The simulator listens on 127.0.0.1 only. */
  port?: number;
  /** Run the simulator in a worker thread, which synchronous calls from this thread need. */
  worker?: boolean;
  /** Serve the APIv2 endpoints `pay/micropay`, `secapi/pay/refund` and `pay/downloadbill`. */
  v2?: SimulatorV2Options;
  /**
   * Makes generated answers repeatable: the same seed and the same request give the same ids and samples
   * (`transaction_id`, `prepay_id`…). Default `''`.
   */
  seed?: string;
  /**
   * How fast time runs for callback retries: WeChat Pay's schedule (15 s, 15 s, 30 s, 3 min … 6 h) is multiplied by
   * it. Default 0.001 (15 s becomes 15 ms); 1 is real time; 0 retries at once.
   */
  timeScale?: number;
}

/** Faults programmed from a test, applied to the requests they match (see `FaultRule`). */
export interface SimulatorFaults {
  add(rule: FaultRule): Promise<void>;
  /** Removes every programmed fault. */
  clear(): Promise<void>;
}

/** A request as the simulator received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, exactly as sent. */
  target: string;
  headers: Record<string, string>;
  body: string;
}

/** A running simulator. */
export interface Simulator {
  /** `http://127.0.0.1:PORT/` */
  readonly baseURL: string;
  /** `https://127.0.0.1:PORT/`: the TLS listener asking for a client certificate, when `v2.tls` was given. */
  readonly secureBaseURL: string | undefined;
  readonly mchid: string;
  /** The merchant identity to configure the client with; `privateKey` is PEM when the simulator made the key. */
  readonly merchant: { serial: string; privateKey: string | undefined };
  /** The key id and PEM public key the simulator signs with. */
  readonly platform: { serial: string; publicKey: string };
  /**
   * A ready configuration for `Builder.factory` (needs the simulator-made merchant key). It says `proxy: false`: the
   * simulator listens on 127.0.0.1, where no proxy from `HTTP_PROXY` or `HTTPS_PROXY` should stand in between.
   */
  readonly config: { mchid: string; serial: string; privateKey: string; certs: Record<string, string>; baseURL: string; proxy: false };
  /** The merchant's APIv3 key the simulator encrypts callbacks with, for `new Notification({ apiV3Key, certs })`. */
  readonly apiV3Key: string;
  /**
   * Sends an APIv3 callback of `eventType` (see `WEBHOOK_EVENTS`) to `options.to` as WeChat Pay does: a sample
   * resource encrypted with the APIv3 key, the envelope signed with the platform key. Resolves with the answer.
   */
  notify(eventType: string, options: NotifyOptions): Promise<NotificationDelivery>;
  /**
   * Puts a new platform key in service, as WeChat Pay rotates its certificates: answers and callbacks are signed
   * with it from now on, and `v3/certificates` lists it beside the old ones until they are retired.
   */
  rotate(platform: PlatformOptions): Promise<void>;
  /** Stops listing a platform key in `v3/certificates` (the one signing now cannot be retired). */
  retire(serial: string): Promise<void>;
  /**
   * Hands out a file for download, as WeChat Pay hands out bills: `download_url` (on `baseURL`) answers a signed GET
   * with the bytes, unsigned and streamed, gzip-compressed on the fly with `{ gzip: true }`. `content` is the bytes
   * (copied) or a file path (read at each download; hashed here by streaming). `hash_value` is the lowercase hex
   * SHA-1 of the plain content. The most recent 1 000 tokens stay valid.
   */
  serveFile(content: Uint8Array | string, options?: ServeFileOptions): Promise<ServedFile>;
  /**
   * The requests received so far (the most recent 10 000), oldest first. For a multipart upload, `body` is the text
   * of its `meta` part (what the signature covers), not the multipart body.
   */
  received(): Promise<ReceivedRequest[]>;
  /**
   * Plays the payer: the order `outTradeNo` (or every sub-order of a combined order) becomes `SUCCESS`, with a
   * `transaction_id`, payer and amounts, and a `TRANSACTION.SUCCESS` callback goes to its `notify_url`, signed and
   * encrypted, retried on WeChat Pay's schedule (scaled by `timeScale`) until a 2xx. Resolves with the paid orders
   * and the callback's outcome. An unknown, closed or already paid order is a `ParameterError`.
   */
  pay(outTradeNo: string, options?: PayOptions): Promise<PayResult>;
  /**
   * Settles a refund that is `PROCESSING`: `SUCCESS` (default), `ABNORMAL` or `CLOSED`, with a `REFUND.*` callback to
   * the refund's `notify_url` when it gave one. Resolves with the refund and the callback's outcome.
   */
  settleRefund(outRefundNo: string, options?: SettleRefundOptions): Promise<SettleRefundResult>;
  /** The ledger's orders, oldest first. */
  orders(): Promise<LedgerOrder[]>;
  /** The ledger's refunds, oldest first. */
  refunds(): Promise<LedgerRefund[]>;
  /** Empties the ledger and removes the programmed faults. */
  reset(): Promise<void>;
  readonly faults: SimulatorFaults;
  close(): Promise<void>;
}
