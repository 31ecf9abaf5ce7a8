import { createHash, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Digests as WeChat Pay writes them: lowercase hex unless said otherwise. */
export const Hash = {
  md5(data: string | Uint8Array): string {
    return createHash('md5').update(data).digest('hex');
  },
  sha1(data: string | Uint8Array): string {
    return createHash('sha1').update(data).digest('hex');
  },
  sha256(data: string | Uint8Array): string {
    return createHash('sha256').update(data).digest('hex');
  },
  hmacSha256(data: string | Uint8Array, key: string | Uint8Array | KeyObject): string {
    return createHmac('sha256', key).update(data).digest('hex');
  },

  /**
   * The APIv2 signature: `MD5` or `HMAC-SHA256` over `k1=v1&k2=v2…&key=KEY` (keys in byte order, `sign` and
   * empty values left out), uppercase hex. The key is a 32-byte secret.
   */
  sign(type: 'MD5' | 'HMAC-SHA256', data: Readonly<Record<string, unknown>>, key: KeyObject): string {
    const secret = key.export();
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

/** `k1=v1&k2=v2…` of an APIv2 payload: keys sorted by byte order, `sign` and empty or missing values skipped. */
export function v2SigningString(data: Readonly<Record<string, unknown>>): string {
  return Object.keys(data)
    .filter((name) => name !== 'sign' && data[name] !== undefined && data[name] !== null && data[name] !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}=${String(data[name])}`)
    .join('&');
}
