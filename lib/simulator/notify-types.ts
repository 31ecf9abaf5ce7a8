/** How `simulator.notify()` sends a callback. */
export interface NotifyOptions {
  /** The merchant's callback URL (`http:` or `https:`), e.g. your server's notify_url on 127.0.0.1. */
  to: string | URL;
  /** Fields that replace the sample's top-level fields of the decrypted resource (a shallow merge). */
  resource?: Record<string, unknown>;
  /**
   * Misbehaviour, comma-separated, as for `Wechatpay-Simulator-Fault`: `tamper-body`, `unknown-serial`,
   * `skew=SECONDS`, `drop-header=NAME`, `probe`.
   */
  faults?: string;
  /** Milliseconds to wait for the receiver's answer; default 10 000. */
  timeout?: number;
}

/** A callback as it went out: the exact headers and body bytes (UTF-8), and the resource before encryption. */
export interface SentNotification {
  headers: Record<string, string>;
  body: string;
  resource: Record<string, unknown>;
}

/** What the receiver answered, and what it was sent. */
export interface NotificationDelivery {
  status: number;
  headers: Record<string, string>;
  body: string;
  sent: SentNotification;
}
