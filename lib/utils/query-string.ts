import { isPlainObject } from '../types/is-plain-object.js';
import { ParameterError } from '../errors/parameter-error.js';
import type { CallOptions } from '../types/call-options.js';
import { isWellFormed } from './well-formed.js';

/** `query` → `a=1&b=x%20y` (RFC 3986 encoding, as wechatpay-php); an array repeats its key. */
export function queryString(query: NonNullable<CallOptions['query']>): string {
  if (!isPlainObject(query)) throw new ParameterError('query', 'must be a plain object');
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (!isWellFormed(key)) throw new ParameterError('query', 'a key holds a lone surrogate (not valid Unicode), which a URL cannot carry');
    for (const item of Array.isArray(value) ? value : [value]) {
      pairs.push(`${encode(key)}=${encode(scalar(key, item))}`);
    }
  }
  return pairs.join('&');
}

function scalar(key: string, value: unknown): string {
  if (typeof value === 'string') {
    if (!isWellFormed(value)) throw new ParameterError(`query.${key}`, 'holds a lone surrogate (not valid Unicode), which a URL cannot carry');
    return value;
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new ParameterError(`query.${key}`, `must be a string, finite number or boolean, got ${value === null ? 'null' : typeof value}`);
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
