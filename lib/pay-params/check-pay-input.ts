import { nonce as randomNonce } from '../crypto/nonce.js';
import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../types/is-plain-object.js';

const ID = /^[0-9A-Za-z_.-]{1,64}$/;
const NONCE = /^[0-9A-Za-z]{1,32}$/;
const SECONDS = /^\d{1,10}$/;
const PACKAGE_PREFIX = 'prepay_id=';

/** The input of a builder as a record, refusing anything but `known` options (a typo such as `prepay_id` is caught). */
export function checkOptions(input: unknown, builder: string, known: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(input)) throw new ParameterError('options', `${builder} takes an object of options`);
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) throw new ParameterError(key, `is not an option of ${builder} (known: ${known.join(', ')})`);
  }
  return input;
}

/** A required id (app id, merchant id, prepay id); never echoed in the message. */
export function requireId(options: Record<string, unknown>, name: string): string {
  const value = options[name];
  if (value === undefined || value === null || value === '') throw new ParameterError(name, 'is required');
  if (typeof value !== 'string' || !ID.test(value)) {
    throw new ParameterError(name, "must be a string of 1 to 64 letters, digits, '_', '-' or '.'");
  }
  return value;
}

/** The bare prepay id: `wx2017…` and `prepay_id=wx2017…` give the same. */
export function requirePrepayId(options: Record<string, unknown>): string {
  const value = options.prepayId;
  const bare = typeof value === 'string' && value.startsWith(PACKAGE_PREFIX) ? value.slice(PACKAGE_PREFIX.length) : value;
  return requireId({ prepayId: bare }, 'prepayId');
}

/** `prepay_id=…`, the JSAPI package. */
export function packageOf(prepayId: string): string {
  return `${PACKAGE_PREFIX}${prepayId}`;
}

export function nonceOf(options: Record<string, unknown>, fallback: () => string = randomNonce): string {
  const value = options.nonce === undefined ? fallback() : options.nonce;
  if (typeof value !== 'string' || !NONCE.test(value)) throw new ParameterError('nonce', 'must be 1 to 32 letters or digits');
  return value;
}

export function timestampOf(options: Record<string, unknown>, clock: () => number = Date.now): string {
  const value = options.timestamp === undefined ? Math.floor(clock() / 1000) : options.timestamp;
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== 'string' || !SECONDS.test(text)) {
    throw new ParameterError('timestamp', 'must be whole seconds since the epoch (at most 10 digits; not milliseconds)');
  }
  return text;
}

export function signTypeOf(options: Record<string, unknown>): 'MD5' | 'HMAC-SHA256' {
  const value = options.signType ?? 'MD5';
  if (value !== 'MD5' && value !== 'HMAC-SHA256') throw new ParameterError('signType', "must be 'MD5' or 'HMAC-SHA256'");
  return value;
}

/** A key option that must be given; loading it (and its errors) is the caller's. */
export function requireKey(options: Record<string, unknown>, name: string): unknown {
  if (options[name] === undefined || options[name] === null) throw new ParameterError(name, 'is required');
  return options[name];
}
