import { EventEmitter } from 'node:events';

/**
 * The one deadline of a call, made as the call starts and handed down on the request: it bounds the middleware, the
 * transport and, in a synchronous call, the worker's exchange, which gets what is left of it. It ends at the
 * call's `timeout` or when the caller's signal aborts, whichever comes first. undici takes it as it is (an
 * EventEmitter with `aborted` and `reason`, far cheaper per call than an AbortController and its EventTarget);
 * `signal` makes a WHATWG AbortSignal for fetch on demand. `dispose()` when the call is over.
 *
 * Deadlines of the same length share one timer (see `Expiries`): a timer of its own per call cost more than the rest
 * of the deadline, mostly in Node's timer bookkeeping when it is the only one.
 */
export class Deadline extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  /** The call's timeout in milliseconds, as given. */
  readonly timeout: number;
  /** `performance.now()` when it passes. */
  readonly expires: number;
  #timedOut = false;
  /** @internal True while the shared timer may still end it: until it ends, `stopTimer()` or `dispose()`. */
  timing = false;
  #controller: AbortController | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  /** `timer: false` for a synchronous call, which nothing can interrupt: it only tells how much time is left. */
  constructor(timeout: number, caller?: AbortSignal, options: { timer?: boolean } = {}) {
    super();
    this.timeout = timeout;
    this.expires = performance.now() + timeout;
    this.#caller = caller;
    if (caller?.aborted) this.#abort(caller.reason);
    else if (caller) {
      this.#onAbort = () => this.#abort(caller.reason);
      caller.addEventListener('abort', this.#onAbort, { once: true });
    }
    if (options.timer !== false && !this.aborted) expiries(timeout).add(this);
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
    this.#untime();
  }

  dispose(): void {
    this.#untime();
    if (this.#onAbort) this.#caller?.removeEventListener('abort', this.#onAbort);
  }

  #untime(): void {
    if (!this.timing) return;
    this.timing = false;
    // A call that ends first (most do) leaves the queue now, not when the timer fires.
    EXPIRIES.get(this.timeout)?.drop();
  }

  /** @internal Called by the shared timer once `expires` has passed. */
  expire(): void {
    this.timing = false;
    this.#timedOut = true;
    this.#abort(new DOMException(`timed out after ${this.timeout} ms`, 'TimeoutError'));
  }

  #abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.timing = false;
    this.emit('abort');
  }
}

/**
 * The running deadlines of one length. They expire in the order they were made, so one unref'd timer, armed for the
 * oldest, serves them all; a deadline that ends early (nearly all) is only marked, and dropped from the front.
 */
class Expiries {
  readonly #timeout: number;
  #queue: Array<Deadline | undefined> = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(timeout: number) {
    this.#timeout = timeout;
  }

  add(deadline: Deadline): void {
    deadline.timing = true;
    this.drop();
    this.#queue.push(deadline);
    if (!this.#timer) this.#arm(this.#timeout);
  }

  /** Drops the finished deadlines at the front, so that a finished call is not kept until the timer fires. */
  drop(): void {
    const queue = this.#queue;
    while (this.#head < queue.length && !queue[this.#head]?.timing) queue[this.#head++] = undefined;
    if (this.#head === queue.length) {
      queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > queue.length) {
      queue.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#fire(), ms).unref();
  }

  #fire(): void {
    this.#timer = undefined;
    const now = performance.now();
    const queue = this.#queue;
    for (let next = queue[this.#head]; next && (!next.timing || next.expires <= now); next = queue[this.#head]) {
      queue[this.#head++] = undefined;
      if (next.timing) next.expire();
    }
    this.drop();
    const oldest = queue[this.#head];
    if (oldest) this.#arm(Math.max(1, Math.ceil(oldest.expires - now)));
    else if (EXPIRIES.get(this.#timeout) === this) EXPIRIES.delete(this.#timeout);
  }
}

const EXPIRIES = new Map<number, Expiries>();

function expiries(timeout: number): Expiries {
  let found = EXPIRIES.get(timeout);
  if (!found) EXPIRIES.set(timeout, (found = new Expiries(timeout)));
  return found;
}
