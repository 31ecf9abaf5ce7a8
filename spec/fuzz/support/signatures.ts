import { sign, type KeyObject } from 'node:crypto';
import fc from 'fast-check';

/** The four headers WeChat Pay signs its answers and callbacks with. */
export const SIGNATURE_HEADERS = ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial'] as const;

/** SHA256withRSA over `TIMESTAMP\nNONCE\nBODY\n`, base64: made here with node:crypto alone, not with the package. */
export function signMessage(key: KeyObject, timestamp: string, nonce: string, body: Uint8Array): string {
  return sign('sha256', Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]), key).toString('base64');
}

/**
 * How the signature headers of an answer (or a callback) are made. Only `signed` with a skew inside the 300 s window
 * gives a validly signed message; every other kind is a mutation a verifier must refuse.
 */
export type Signing =
  | { kind: 'signed'; skew: number }
  /** A timestamp outside the window. */
  | { kind: 'stale'; skew: number }
  /** A timestamp that is not plain decimal seconds. */
  | { kind: 'timestamp'; text: string }
  /** A byte of the body changed after signing. */
  | { kind: 'flip'; at: number; mask: number }
  /** A serial no key is configured for. */
  | { kind: 'serial'; serial: string }
  /** Signed by a key nobody trusts, under the trusted serial. */
  | { kind: 'stranger' }
  /** The signature of other bytes. */
  | { kind: 'otherBytes'; extra: string }
  /** The header nonce is not the signed one. */
  | { kind: 'nonce'; nonce: string }
  /** Two `Wechatpay-Signature` values, as a proxy joins them: `a, b`. */
  | { kind: 'duplicate'; other: 'same' | 'junk'; junkFirst: boolean; junk: string }
  /** Junk after the base64 padding, or inside the base64. */
  | { kind: 'junk'; junk: string; at: 'end' | 'middle' }
  /** The base64url alphabet instead of base64. */
  | { kind: 'base64url' }
  /** Headers left out. */
  | { kind: 'missing'; names: Array<(typeof SIGNATURE_HEADERS)[number]> }
  /** WeChat Pay's probe signature. */
  | { kind: 'signtest' };

/** The signature headers, in order, and the body to send; `valid` says whether the message is validly signed. */
export interface SignedParts {
  headers: Array<[string, string]>;
  body: Uint8Array;
  valid: boolean;
}

export interface SigningKeys {
  platformKey: KeyObject;
  platformSerial: string;
  strangerKey: KeyObject;
}

/** Applies `signing` to `body` at `now` (seconds). */
export function signParts(signing: Signing, body: Uint8Array, now: number, keys: SigningKeys): SignedParts {
  const nonce = 'Zr5QvWy0E2bWnxpOtH3fRv6dYZx3sLsL';
  const timestamp = String(now + (signing.kind === 'signed' || signing.kind === 'stale' ? signing.skew : 0));
  const key = signing.kind === 'stranger' ? keys.strangerKey : keys.platformKey;
  const signedBody = signing.kind === 'otherBytes' ? Buffer.concat([body, Buffer.from(signing.extra)]) : body;
  const signature = signMessage(key, timestamp, nonce, signedBody);
  let sent = body;
  if (signing.kind === 'flip') {
    const copy = Buffer.from(body.length === 0 ? Buffer.from(' ') : body);
    if (body.length > 0) copy[signing.at % copy.length] = (copy[signing.at % copy.length] as number) ^ signing.mask;
    sent = copy;
  }
  const headers: Record<(typeof SIGNATURE_HEADERS)[number], string | string[]> = {
    'Wechatpay-Timestamp': signing.kind === 'timestamp' ? signing.text : timestamp,
    'Wechatpay-Nonce': signing.kind === 'nonce' ? signing.nonce : nonce,
    'Wechatpay-Signature': signatureOf(signing, signature),
    'Wechatpay-Serial': signing.kind === 'serial' ? signing.serial : keys.platformSerial,
  };
  const missing = signing.kind === 'missing' ? signing.names : [];
  const list: Array<[string, string]> = [];
  for (const name of SIGNATURE_HEADERS) {
    if (missing.includes(name)) continue;
    const value = headers[name];
    for (const item of Array.isArray(value) ? value : [value]) list.push([name, item]);
  }
  const valid = signing.kind === 'signed' || (signing.kind === 'base64url' && !/[+/]/.test(signature));
  return { headers: list, body: sent, valid };
}

function signatureOf(signing: Signing, signature: string): string | string[] {
  switch (signing.kind) {
    case 'duplicate': {
      const other = signing.other === 'same' ? signature : signing.junk;
      return signing.junkFirst ? [other, signature] : [signature, other];
    }
    case 'junk':
      return signing.at === 'end' ? signature + signing.junk : `${signature.slice(0, 100)}${signing.junk}${signature.slice(100)}`;
    case 'base64url':
      return signature.replace(/\+/g, '-').replace(/\//g, '_');
    case 'signtest':
      return `WECHATPAY/SIGNTEST/${signature}`;
    default:
      return signature;
  }
}

/** Junk a Headers value can hold (Latin-1, no line break) and that Headers does not trim away at the end. */
const junk = fc.oneof(
  fc.constantFrom('A', 'AAAA', '=', '==', 'QQ==', '!', '.', ',', ', x', ' x', '%', '\tA', '-', '_', '*', 'ÿ', ' ==', ',AAAA'),
  fc
    .string({ unit: fc.constantFrom('A', 'z', '0', '+', '/', '=', ',', ' ', '.', '-', '_', '!'), minLength: 1, maxLength: 6 })
    .filter((text) => text.trim() === text),
);

/** Every kind of signing, validly signed about a third of the time. */
export const signingArb: fc.Arbitrary<Signing> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('signed' as const), skew: fc.integer({ min: -290, max: 290 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stale' as const),
      skew: fc.oneof(fc.integer({ min: 302, max: 1e9 }), fc.integer({ min: -1e9, max: -302 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('timestamp' as const),
      text: fc.constantFrom('+1', '-1', '1e9', '0x10', 'NaN', 'Infinity', '9999999999999', '1.5', 'now', '1 2', '12:00'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('serial' as const),
      serial: fc.constantFrom('PUB_KEY_ID_0000', '3F1A6B2D0E4C58A7961B3D0C2E4F5A6B7C8D9E0F', 'pub_key_id_0114232134912410000000000000', 'x'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'stranger' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('otherBytes' as const), extra: fc.string({ minLength: 1, maxLength: 4 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('nonce' as const), nonce: fc.constantFrom('x', 'other-nonce', 'Zr5QvWy0E2bWnxpOtH3fRv6dYZx3sLs') }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      other: fc.constantFrom('same' as const, 'junk' as const),
      junkFirst: fc.boolean(),
      junk,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('junk' as const), junk, at: fc.constantFrom('end' as const, 'middle' as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'base64url' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('missing' as const), names: fc.subarray([...SIGNATURE_HEADERS], { minLength: 1 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'signtest' as const }) },
);
