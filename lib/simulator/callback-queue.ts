import { deliverNotification } from './deliver-notification.js';
import type { CallbackOutcome } from './ledger-types.js';
import type { NotificationDelivery, SentNotification } from './notify-types.js';

/** How a callback reaches the merchant: POSTed to `to` (the default), or handed to a test's own handler. */
export type DeliverCallback = (to: string, sent: SentNotification, timeout: number) => Promise<NotificationDelivery>;

/**
 * WeChat Pay's schedule for a callback the merchant did not acknowledge, in seconds after the previous attempt:
 * 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h (then it gives up).
 */
export const RETRY_SCHEDULE = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10_800, 10_800, 10_800, 21_600, 21_600] as const;

/** How long one attempt waits for the merchant's answer. */
const ATTEMPT_TIMEOUT = 5_000;

/**
 * Delivers the ledger's callbacks (payments, refunds) and retries them on WeChat Pay's schedule, multiplied by
 * `timeScale` (1 is real time; the simulator's default 0.001 turns 15 s into 15 ms). A 2xx answer acknowledges.
 */
export class CallbackQueue {
  readonly #timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  #closed = false;

  constructor(
    private readonly timeScale: number,
    private readonly send: DeliverCallback = deliverNotification,
  ) {}

  /** `acknowledges`: whether an answer acknowledges the callback; by default any 2xx (APIv3). */
  async deliver(
    event: string,
    to: string,
    build: () => SentNotification,
    acknowledges = (status: number, _body: string) => status >= 200 && status < 300,
  ): Promise<CallbackOutcome> {
    const outcome: CallbackOutcome = { event, to, acknowledged: false, attempts: [], resource: build().resource };
    for (let attempt = 0; !this.#closed; attempt += 1) {
      const at = Date.now();
      try {
        // Built for each attempt: a retry hours later must carry a fresh timestamp to pass the merchant's check.
        const { status, body } = await this.send(to, build(), ATTEMPT_TIMEOUT);
        outcome.attempts.push({ at, status });
        if (acknowledges(status, body)) {
          outcome.acknowledged = true;
          break;
        }
      } catch (error) {
        outcome.attempts.push({ at, error: (error as Error).message });
      }
      const wait = RETRY_SCHEDULE[attempt];
      if (wait === undefined) break;
      await this.#sleep(wait * 1000 * this.timeScale);
    }
    return outcome;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.#closed) return resolve();
      const entry = {
        timer: setTimeout(() => {
          this.#timers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.#timers.add(entry);
    });
  }

  /** Stops retrying: pending deliveries resolve with what they have. */
  close(): void {
    this.#closed = true;
    for (const { timer, wake } of this.#timers) {
      clearTimeout(timer);
      wake();
    }
    this.#timers.clear();
  }
}
