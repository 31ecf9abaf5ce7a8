import { createHash, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { ParameterError } from '../errors/parameter-error.js';
import { loadSymmetricKey, type SymmetricKeyInput } from './symmetric-key.js';

/** Digests as WeChat Pay writes them: lowercase hex unless said otherwise. */
export const Hash = {
  md5(data: string | Uint8Array): string {
    return createHash('md5').update(digestible(data)).digest('hex');
  },
  sha1(data: string | Uint8Array): string {
    return createHash('sha1').update(digestible(data)).digest('hex');
  },
  sha256(data: string | Uint8Array): string {
    return createHash('sha256').update(digestible(data)).digest('hex');
  },
  hmacSha256(data: string | Uint8Array, key: string | Uint8Array | KeyObject): string {
    if (
      !(typeof key === 'string' || key instanceof Uint8Array || (typeof key === 'object' && key !== null && (key as KeyObject).type === 'secret'))
    ) {
      throw new ParameterError('key', `must be text, bytes or a secret KeyObject, got ${describe(key)}`);
    }
    return createHmac('sha256', key).update(digestible(data)).digest('hex');
  },

  /**
   * The APIv2 signature: `MD5` or `HMAC-SHA256` over `k1=v1&k2=v2…&key=KEY` (keys in byte order, `sign` and
   * empty values left out), uppercase hex. `data` is the payload object, not a joined string (as wechatpay-php's
   * `Hash::sign` takes); the key is the 32-byte APIv2 key as text, bytes or a secret KeyObject.
   */
  sign(type: 'MD5' | 'HMAC-SHA256', data: Readonly<Record<string, unknown>>, key: SymmetricKeyInput): string {
    if (type !== 'MD5' && type !== 'HMAC-SHA256') {
      const given: unknown = type;
      throw new ParameterError(
        'type',
        `must be 'MD5' or 'HMAC-SHA256', got ${typeof given === 'string' && given.length <= 16 ? JSON.stringify(given) : describe(given)}`,
      );
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      // A joined string, ported from wechatpay-php, would otherwise sign `0=a&1=p&2=p…` without a word.
      const hint =
        typeof data === 'string'
          ? ': pass the payload object and the key, not the joined signing string; Hash.sign sorts, joins and appends &key= itself'
          : '';
      throw new ParameterError('data', `must be the payload object, got ${describe(data)}${hint}`);
    }
    const secret = loadSymmetricKey(key, 'APIv2 key').export();
    const text = `${v2SigningString(data)}&key=${secret.toString('utf8')}`;
    const digest = type === 'MD5' ? Hash.md5(text) : Hash.hmacSha256(text, secret);
    return digest.toUpperCase();
  },

  /** Constant-time comparison of two strings (different lengths compare unequal, without a timing hint on content). */
  equals(known: string, given: string): boolean {
    const a = Buffer.from(known, 'utf8');
    const b = Buffer.from(given, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  },
};

/** What node:crypto digests: text or bytes; anything else is a `ParameterError`, not node's own `TypeError`. */
function digestible(data: unknown): string | Uint8Array {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  throw new ParameterError('data', `must be text or bytes, got ${describe(data)}`);
}

/** `k1=v1&k2=v2…` of an APIv2 payload: keys sorted by byte order, `sign` and empty or missing values skipped. */
export function v2SigningString(data: Readonly<Record<string, unknown>>): string {
  return Object.keys(data)
    .filter((name) => name !== 'sign' && data[name] !== undefined && data[name] !== null && data[name] !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}=${String(data[name])}`)
    .join('&');
}

/** A value's kind for an error message, never its content (a joined signing string ends with the key). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `a string of ${value.length} characters` : `a ${typeof value}`;
}
