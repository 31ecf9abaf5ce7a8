import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../types/is-plain-object.js';

/** How a call tries again: the client's `retry` option, or a call's, which overrides the fields it gives. */
export interface RetryOptions {
  /** Attempts in all, the first included: 1 sends once. Default 3; at most 10. */
  attempts?: number;
  /** Milliseconds: the shortest wait before a retry, and the base the waits double from. Default 100. */
  minDelay?: number;
  /** Milliseconds: the longest wait before a retry, a `Retry-After` included. Default 2000. */
  maxDelay?: number;
}

/** A checked policy, every field set. */
export type RetryPolicy = Readonly<Required<RetryOptions>>;

/**
 * Three attempts in all, waits of 0.1 s to 2 s: enough to ride over a dropped connection, a restarting front end or
 * a short burst of `FREQUENCY_LIMITED`, and short enough that a call still fails fast when WeChat Pay is really down
 * (at most a few seconds of waiting on top of the attempts, all inside the call's `timeout`).
 */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ attempts: 3, minDelay: 100, maxDelay: 2000 });

const MAX_ATTEMPTS = 10;
/** The longest a timer waits (2^31 - 1 ms). */
const MAX_DELAY = 2 ** 31 - 1;
const KEYS = ['attempts', 'minDelay', 'maxDelay'];

type Fail = (field: string, message: string) => Error;
const configError: Fail = (field, message) => new ConfigError(field, message);
const parameterError: Fail = (field, message) => new ParameterError(field, message);

/** The client's policy from its `retry` option (`false`: never retry); a bad value is a `ConfigError` naming it. */
export function clientRetryPolicy(input: unknown): RetryPolicy | false {
  if (input === undefined) return DEFAULT_RETRY;
  return checked(input, DEFAULT_RETRY, configError);
}

/** Checks a call's `retry` option before anything is sent; a bad value is a `ParameterError` naming it. */
export function checkCallRetry(input: unknown): void {
  if (input !== undefined) checked(input, DEFAULT_RETRY, parameterError);
}

/** The policy of one call: the client's, with the fields the call gives (already checked) over it. */
export function callRetryPolicy(client: RetryPolicy | false, given: RetryOptions | false | undefined): RetryPolicy | false {
  if (given === undefined) return client;
  if (given === false) return false;
  return { ...(client || DEFAULT_RETRY), ...definedOnly(given) };
}

function checked(input: unknown, base: RetryPolicy, fail: Fail): RetryPolicy | false {
  if (input === false) return false;
  if (!isPlainObject(input)) throw fail('retry', 'must be false or an object such as { attempts: 3, minDelay: 100, maxDelay: 2000 }');
  for (const key of Object.keys(input)) {
    if (!KEYS.includes(key)) throw fail(`retry.${key}`, `is not a retry option (known: ${KEYS.join(', ')})`);
  }
  const { attempts, minDelay, maxDelay } = input as RetryOptions;
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1 && attempts <= MAX_ATTEMPTS)) {
    throw fail('retry.attempts', `must be a whole number of attempts from 1 (no retry) to ${MAX_ATTEMPTS}`);
  }
  for (const [name, value] of [
    ['minDelay', minDelay],
    ['maxDelay', maxDelay],
  ] as const) {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_DELAY)) {
      throw fail(`retry.${name}`, `must be a number of milliseconds from 0 to ${MAX_DELAY}`);
    }
  }
  const policy = { ...base, ...definedOnly(input as RetryOptions) };
  if (policy.minDelay > policy.maxDelay) {
    throw fail('retry.minDelay', `is ${policy.minDelay} ms, more than maxDelay (${policy.maxDelay} ms)`);
  }
  return policy;
}

function definedOnly(options: RetryOptions): RetryOptions {
  const out: RetryOptions = {};
  if (options.attempts !== undefined) out.attempts = options.attempts;
  if (options.minDelay !== undefined) out.minDelay = options.minDelay;
  if (options.maxDelay !== undefined) out.maxDelay = options.maxDelay;
  return out;
}
