import type { CallAttempt } from '../errors/wechatpay-error.js';
import type { Middleware, Next } from '../stack/middleware.js';
import { isPromiseLike, type MaybePromise, tryThen } from '../types/maybe-promise.js';
import { copyRequest, type WechatpayRequest } from '../types/request.js';
import type { WechatpayResponse } from '../types/response.js';
import { outcomeOf, withAttempts } from './attempts.js';
import { attemptDeadline } from './attempt-deadline.js';
import { backoffDelay, retryAfterMs } from './backoff.js';
import type { HostHealth, HostRole } from './host-health.js';
import { isIdempotent } from './idempotent.js';
import { callRetryPolicy, DEFAULT_RETRY, type RetryOptions, type RetryPolicy } from './policy.js';
import { failureKind } from './retryable.js';
import { publishRetry, retryListened } from './retry-channel.js';
import { sleepSync } from './sleep-sync.js';

/** The client's two hosts, for failover: same base path, another origin. */
export interface RetryFailover {
  primary: URL;
  backup: URL;
  health: HostHealth;
}

export interface RetryMiddlewareOptions {
  /** The client's policy (`false`: never retry unless a call asks); default {@link DEFAULT_RETRY}. */
  policy?: RetryPolicy | false;
  /** The backup host and the client's health state; unset: every attempt goes where the call's URL points. */
  failover?: RetryFailover;
  /** For tests: the jitter. */
  random?: () => number;
}

/**
 * The built-in retry (named `retry` in the stack, just inside `encryptor` and outside `signer`): each attempt is a
 * fresh copy of the request, which the signer signs afresh (new nonce, timestamp, signature) over the same body
 * bytes, encrypted fields included, which are encrypted once. It tries again when the request never left (any call,
 * on the backup host first when there is one), and after a 429 or 5xx answer, a reset or a timeout only when the call
 * is idempotent (a GET, an operation WeChat Pay deduplicates by the merchant's number, or `idempotent: true`). Waits
 * are exponential with full jitter or what `Retry-After` asks, never past the call's deadline; a synchronous call
 * waits blocking, as it waits for its answer.
 */
export function retry(options: RetryMiddlewareOptions = {}): Middleware {
  const { policy: client = DEFAULT_RETRY, failover, random = Math.random } = options;
  return (request, next) => {
    // The first attempt runs here, with nothing built but the request's copy: the state of a call that retries is
    // made only once an attempt failed.
    let role: HostRole | undefined = failover?.health.first();
    if (role === 'backup' && !onClientBase(request.url, failover!.primary)) role = undefined;
    const policy = callRetryPolicy(client, request.options.retry as RetryOptions | false | undefined);
    const host = role === 'backup' ? failover!.backup : undefined;
    const started = performance.now();
    const retrying = (error: unknown) => {
      const route = failover && onClientBase(request.url, failover.primary) ? failover : undefined;
      const url = host ? onHost(request.url, host) : request.url;
      return new Call(request, next, policy || NO_RETRY, route, random).failed(error, route ? role : undefined, url.host, started);
    };
    return tryThen(
      () => sendAttempt(request, next, policy, host),
      (response) => reached(failover, role, request, response),
      retrying,
    );
  };
}

/**
 * Sends one attempt: a fresh copy of the request, on `host` when given, under its own deadline when the policy
 * sets `attemptTimeout` (disposed once the attempt settled).
 */
function sendAttempt(request: WechatpayRequest, next: Next, policy: RetryPolicy | false, host?: URL): MaybePromise<WechatpayResponse> {
  const own = attemptDeadline(request, policy);
  const copy = copyRequest(request, {
    ...(host && { url: onHost(request.url, host) }),
    ...(own && { deadline: own, timeout: own.timeout }),
  });
  if (!own) return next(copy);
  let result: MaybePromise<WechatpayResponse>;
  try {
    result = next(copy);
  } catch (error) {
    own.dispose();
    throw error;
  }
  if (!isPromiseLike(result)) {
    own.dispose();
    return result;
  }
  return Promise.resolve(result).finally(() => own.dispose());
}

/** An answer came: the host is reachable (the health state is only touched when it holds failures). */
function reached(failover: RetryFailover | undefined, role: HostRole | undefined, request: WechatpayRequest, response: WechatpayResponse) {
  if (role && failover && !failover.health.clean && onClientBase(request.url, failover.primary)) failover.health.reached(role);
  return response;
}

const NO_RETRY: RetryPolicy = Object.freeze({ ...DEFAULT_RETRY, attempts: 1 });

/** Whether a call's URL is on the client's own base: a call given another `baseURL` does not fail over. */
function onClientBase(url: URL, primary: URL): boolean {
  return url.origin === primary.origin && url.pathname.startsWith(primary.pathname);
}

/** One call's attempts. */
class Call {
  readonly #request: WechatpayRequest;
  readonly #next: Next;
  readonly #policy: RetryPolicy;
  readonly #route: RetryFailover | undefined;
  readonly #random: () => number;
  #count = 1;
  /** Waits so far: the exponent of the next backoff. */
  #waits = 0;
  #log: CallAttempt[] | undefined;
  /** Hosts tried since the last wait: a connection failure moves on to one not yet tried, without waiting. */
  #tried: HostRole[] = [];

  constructor(request: WechatpayRequest, next: Next, policy: RetryPolicy, route: RetryFailover | undefined, random: () => number) {
    this.#request = request;
    this.#next = next;
    this.#policy = policy;
    this.#route = route;
    this.#random = random;
  }

  attempt(role: HostRole | undefined): MaybePromise<WechatpayResponse> {
    this.#count += 1;
    const request = this.#request;
    const host = role === 'backup' && this.#route ? this.#route.backup : undefined;
    const started = performance.now();
    return tryThen(
      () => sendAttempt(request, this.#next, this.#policy, host),
      (response) => this.#answered(response, role),
      (error) => this.failed(error, role, (host ?? request.url).host, started),
    );
  }

  #answered(response: WechatpayResponse, role: HostRole | undefined): WechatpayResponse {
    if (role) this.#route?.health.reached(role);
    return response;
  }

  /** An attempt failed: try again, after a wait or on the other host, or throw what the call ends with. */
  failed(error: unknown, role: HostRole | undefined, host: string, started: number): MaybePromise<WechatpayResponse> {
    const log = (this.#log ??= []);
    log.push({ host, outcome: outcomeOf(error), durationMs: Math.round(performance.now() - started) });
    const kind = failureKind(error);
    if (role && this.#route) {
      if (kind === 'connect') this.#route.health.unreachable(role);
      else this.#route.health.reached(role);
    }
    const request = this.#request;
    const retryable = kind === 'connect' || (kind === 'maybe-sent' && isIdempotent(request) && !streams(request));
    // After a connection failure, the other host at once when it was not tried since the last wait.
    const other: HostRole | undefined = role === 'primary' ? 'backup' : role === 'backup' ? 'primary' : undefined;
    const switching = kind === 'connect' && other !== undefined && !this.#tried.includes(other);
    // A request that never left, with a host not tried yet, goes there even when the attempts are used up: the
    // primary dying mid-call must not end it while the backup is up. (At most one such move per round; never with
    // retries off.)
    const exhausted = this.#count >= this.#policy.attempts && !(switching && this.#policy.attempts > 1);
    if (!retryable || exhausted) throw withAttempts(error, log, retryable);
    if (role) this.#tried.push(role);
    const nextRole = switching ? other : role && this.#route ? (kind === 'connect' ? this.#route.health.first() : role) : undefined;
    const delay = switching ? 0 : this.#delay(error);
    const deadline = request.deadline;
    const left = deadline ? deadline.remaining() : Number.POSITIVE_INFINITY;
    // No attempt is started that could not finish before the call's deadline, nor after the caller gave up.
    if (deadline?.aborted || delay >= left) throw withAttempts(error, log, true);
    if (!switching) {
      this.#waits += 1;
      this.#tried = [];
    }
    if (retryListened()) {
      const nextHost =
        nextRole === 'backup' && this.#route ? this.#route.backup.host : nextRole === 'primary' && this.#route ? this.#route.primary.host : host;
      publishRetry(
        {
          method: request.method,
          template: request.template,
          path: request.url.pathname,
          sync: request.sync,
          attempt: this.#count,
          host,
          nextHost,
          delayMs: delay,
        },
        error,
      );
    }
    if (request.sync) {
      sleepSync(delay);
      return this.attempt(nextRole);
    }
    if (delay === 0) return this.attempt(nextRole);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(withAttempts(error, log, true));
      };
      const timer = setTimeout(() => {
        deadline?.off('abort', onAbort);
        resolve();
      }, delay);
      deadline?.once('abort', onAbort);
    }).then(() => this.attempt(nextRole));
  }

  /** The wait before the next attempt: what `Retry-After` asks (at most `maxDelay`), else the backoff. */
  #delay(error: unknown): number {
    const response = (error as { response?: { headers?: Headers } } | undefined)?.response;
    const asked = retryAfterMs(response?.headers?.get('Retry-After') ?? null);
    if (asked !== undefined) return Math.min(asked, this.#policy.maxDelay);
    return backoffDelay(this.#policy, this.#waits + 1, this.#random);
  }
}

/** `url` moved to another host, path and query unchanged (both hosts share the base path). */
function onHost(url: URL, host: URL): URL {
  const moved = new URL(url);
  moved.protocol = host.protocol;
  moved.host = host.host;
  return moved;
}

/**
 * A download streams its answer into a file or your stream: once bytes may have moved, sending again could write
 * twice. It is retried only when it never left. (An upload's files are paths, bytes or Blobs by then: sent again whole.)
 */
function streams(request: WechatpayRequest): boolean {
  return request.download !== undefined;
}
