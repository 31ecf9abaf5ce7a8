import { authorization, type AuthorizationFields } from './authorization.js';
import { v2SigningString } from './hash.js';
import { nonce as randomNonce } from './nonce.js';

/** The strings WeChat Pay signs and the pieces they are made of, as text (the signer itself works on bytes). */
export const Formatter = {
  /** Random letters and digits, default 32 of them. */
  nonce(length = 32): string {
    return randomNonce(length);
  },

  /** Whole seconds since the epoch. */
  timestamp(): number {
    return Math.floor(Date.now() / 1000);
  },

  /** The APIv3 `Authorization` header value, fields in WeChat Pay's order. */
  authorization(fields: AuthorizationFields): string {
    return authorization(fields);
  },

  /** The message a request signature covers: `METHOD\nURI\nTIMESTAMP\nNONCE\nBODY\n`; `uri` is path and query. */
  request(method: string, uri: string, timestamp: string | number, nonce: string, body = ''): string {
    return Formatter.joinedByLineFeed(method, uri, timestamp, nonce, body);
  },

  /** The message an answer's (or a callback's) signature covers: `TIMESTAMP\nNONCE\nBODY\n`. */
  response(timestamp: string | number, nonce: string, body = ''): string {
    return Formatter.joinedByLineFeed(timestamp, nonce, body);
  },

  /** Each piece followed by a line feed, the last one included. */
  joinedByLineFeed(...pieces: Array<string | number>): string {
    return pieces.map((piece) => `${piece}\n`).join('');
  },

  /**
   * A copy with the keys sorted in code-unit order (byte order for ASCII keys). JavaScript lists integer-like keys
   * (`'10'`) first whatever the insertion order, so those cannot be reordered; APIv2 has none.
   */
  ksort<T extends Record<string, unknown>>(data: T): T {
    const sorted: Record<string, unknown> = {};
    for (const name of Object.keys(data).sort(byCodeUnit)) sorted[name] = data[name];
    return sorted as T;
  },

  /** The APIv2 signing string `k1=v1&k2=v2…`: keys sorted, `sign` and empty values left out, nothing encoded. */
  queryStringLike(data: Readonly<Record<string, unknown>>): string {
    return v2SigningString(data);
  },
};

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
