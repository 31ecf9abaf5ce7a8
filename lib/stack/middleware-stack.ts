import { ConfigError } from '../errors/config-error.js';
import type { WechatpayRequest } from '../types/request.js';
import { WechatpayResponse } from '../types/response.js';
import { isPromiseLike, type MaybePromise } from '../types/maybe-promise.js';
import type { Middleware, Next } from './middleware.js';

interface Entry {
  readonly name: string;
  readonly middleware: Middleware;
  /** An `async function` can never finish a synchronous call: known before anything is sent. */
  readonly isAsync: boolean;
}

/**
 * The named, ordered middleware of a client, outermost first (as Guzzle's HandlerStack): a request passes
 * them from first to last, then the transport; the response comes back from last to first.
 * `push` adds innermost (closest to the wire), `unshift` outermost.
 */
export class MiddlewareStack {
  /** Never changed in place (each change makes a new list), so a call runs the list it started with without copying it. */
  #entries: readonly Entry[] = [];
  /** The first `async function` of the list, refused up front by synchronous calls. */
  #firstAsync: Entry | undefined;

  /** Adds a middleware innermost, after all others. */
  push(middleware: Middleware, name: string): this {
    return this.#change((entries) => entries.push(this.#entry(middleware, name)));
  }

  /** Adds a middleware outermost, before all others. */
  unshift(middleware: Middleware, name: string): this {
    return this.#change((entries) => entries.unshift(this.#entry(middleware, name)));
  }

  /** Adds a middleware just outside the one named `existing` (it sees the request first). */
  before(existing: string, middleware: Middleware, name: string): this {
    return this.#change((entries) => entries.splice(this.#indexOf(existing), 0, this.#entry(middleware, name)));
  }

  /** Adds a middleware just inside the one named `existing` (it sees the request after it). */
  after(existing: string, middleware: Middleware, name: string): this {
    return this.#change((entries) => entries.splice(this.#indexOf(existing) + 1, 0, this.#entry(middleware, name)));
  }

  /** Removes the middleware named `name`; removing a name that is not there is an error, not a silent no-op. */
  remove(name: string): this {
    return this.#change((entries) => entries.splice(this.#indexOf(name), 1));
  }

  has(name: string): boolean {
    return this.#entries.some((entry) => entry.name === name);
  }

  /** The names, outermost first. */
  get names(): string[] {
    return this.#entries.map((entry) => entry.name);
  }

  toString(): string {
    return [...this.names, '(transport)'].join(' > ');
  }

  /** Runs `request` through every middleware and then `transport`. */
  run(request: WechatpayRequest, transport: Next): MaybePromise<WechatpayResponse> {
    const entries = this.#entries;
    let abandoned: ConfigError | undefined;
    let answered: WechatpayResponse | undefined;
    if (request.sync && this.#firstAsync) throw asyncInSyncCall(this.#firstAsync.name);
    const dispatch = (index: number, current: WechatpayRequest): MaybePromise<WechatpayResponse> => {
      // A middleware that went asynchronous in a synchronous call was already reported; it must not send late.
      if (abandoned) throw abandoned;
      const entry = entries[index];
      if (!entry) {
        const response = transport(current);
        if (isPromiseLike(response)) return Promise.resolve(response).then((value) => answer('(transport)', value));
        answered = answer('(transport)', response);
        return answered;
      }
      const result = entry.middleware(current, (next) => dispatch(index + 1, next));
      if (current.sync && isPromiseLike(result)) {
        abandoned = asyncInSyncCall(entry.name, answered);
        Promise.resolve(result).catch(() => undefined);
        throw abandoned;
      }
      return isPromiseLike(result) ? Promise.resolve(result).then((value) => answer(entry.name, value)) : answer(entry.name, result);
    };
    return dispatch(0, request);
  }

  #change(edit: (entries: Entry[]) => void): this {
    const entries = this.#entries.slice();
    edit(entries);
    this.#entries = entries;
    this.#firstAsync = entries.find((entry) => entry.isAsync);
    return this;
  }

  #entry(middleware: Middleware, name: string): Entry {
    if (typeof middleware !== 'function') throw new ConfigError(`middleware '${name}'`, 'must be a function');
    if (typeof name !== 'string' || name === '') throw new ConfigError('middleware name', 'must be a non-empty string');
    if (this.has(name)) throw new ConfigError(`middleware '${name}'`, 'is already in the stack; remove it first');
    return { name, middleware, isAsync: middleware.constructor.name === 'AsyncFunction' };
  }

  #indexOf(name: string): number {
    const index = this.#entries.findIndex((entry) => entry.name === name);
    if (index < 0) throw new ConfigError(`middleware '${name}'`, `is not in the stack (${this.names.join(', ') || 'empty'})`);
    return index;
  }
}

/** A call ends in a response or an error: a middleware that returned neither is named, not passed on as `undefined`. */
function answer(name: string, value: unknown): WechatpayResponse {
  if (value instanceof WechatpayResponse) return value;
  const got = value === null ? 'null' : typeof value === 'object' ? `an object (${value.constructor?.name ?? 'no prototype'})` : typeof value;
  throw new ConfigError(
    name === '(transport)' ? 'transport' : `middleware '${name}'`,
    `returned ${got} instead of a response: return next(request), a WechatpayResponse, or throw`,
    {
      code: 'ERR_MIDDLEWARE_NO_RESPONSE',
    },
  );
}

function asyncInSyncCall(name: string, answered?: WechatpayResponse): ConfigError {
  // A plain function may call next() and only then return a promise: the request went out, so say so.
  const sent = answered
    ? `; the request had already been sent and answered (status ${answered.status}, Request-ID ${answered.headers.get('Request-ID') ?? 'none'}), check its outcome before retrying`
    : '';
  return new ConfigError(
    `middleware '${name}'`,
    `is asynchronous and cannot serve a synchronous call; use the Async verb (e.g. postAsync), or continue with andThen()${sent}`,
    { code: 'ERR_ASYNC_MIDDLEWARE' },
  );
}
