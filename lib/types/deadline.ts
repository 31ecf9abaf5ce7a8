import { EventEmitter } from 'node:events';

/**
 * The one deadline of a call, made as the call starts and handed down on the request: it bounds the middleware, the
 * transport and, in a synchronous call, the worker's exchange, which gets what is left of it. It ends at the
 * call's `timeout` or when the caller's signal aborts, whichever comes first. undici takes it as it is (an
 * EventEmitter with `aborted` and `reason`, far cheaper per call than an AbortController and its EventTarget);
 * `signal` makes a WHATWG AbortSignal for fetch on demand. `dispose()` when the call is over.
 */
export class Deadline extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  /** The call's timeout in milliseconds, as given. */
  readonly timeout: number;
  /** `performance.now()` when it passes. */
  readonly expires: number;
  #timedOut = false;
  #controller: AbortController | undefined;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  /** `timer: false` for a synchronous call, which nothing can interrupt: it only tells how much time is left. */
  constructor(timeout: number, caller?: AbortSignal, options: { timer?: boolean } = {}) {
    super();
    this.timeout = timeout;
    this.expires = performance.now() + timeout;
    if (options.timer !== false) {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        this.#abort(new DOMException(`timed out after ${timeout} ms`, 'TimeoutError'));
      }, timeout).unref();
    }
    this.#caller = caller;
    if (caller?.aborted) this.#abort(caller.reason);
    else if (caller) {
      this.#onAbort = () => this.#abort(caller.reason);
      caller.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Milliseconds left, 0 once it passed. */
  remaining(): number {
    return Math.max(0, this.expires - performance.now());
  }

  /** The same deadline as a WHATWG AbortSignal. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      const controller = (this.#controller = new AbortController());
      if (this.aborted) controller.abort(this.reason);
      else this.once('abort', () => controller.abort(this.reason));
    }
    return this.#controller.signal;
  }

  /** Ends the timeout but keeps the caller's signal (a download past its answer's headers). */
  stopTimer(): void {
    clearTimeout(this.#timer);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    if (this.#onAbort) this.#caller?.removeEventListener('abort', this.#onAbort);
  }

  #abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}
