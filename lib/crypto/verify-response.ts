import type { KeyObject } from 'node:crypto';
import { VerificationError } from '../errors/verification-error.js';
import { signingMessage } from './message.js';
import { rsaVerify, signatureBytes, signatureSize } from './rsa-signature.js';

/** How far WeChat Pay's timestamp may be from our clock, in seconds. */
export const MAX_CLOCK_SKEW = 300;

const SIGNATURE_HEADERS = ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial'] as const;

export interface SignedMessage {
  readonly headers: Headers;
  readonly body: Uint8Array;
  readonly status?: number;
}

/** Checks the four `Wechatpay-*` headers, the clock window and the signature over `TIMESTAMP\nNONCE\nBODY\n`. */
export function verifyResponse(signed: SignedMessage, keys: ReadonlyMap<string, KeyObject>, clock: () => number): void {
  const { headers, status } = signed;
  const context = { status, requestId: headers.get('Request-ID') ?? undefined };
  const missing = SIGNATURE_HEADERS.filter((name) => !headers.get(name));
  if (missing.length > 0) {
    throw new VerificationError('headers', `the answer lacks ${missing.join(', ')}`, context);
  }
  const [timestamp, nonce, signature, serial] = SIGNATURE_HEADERS.map((name) => headers.get(name) ?? '') as [string, string, string, string];
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const skew = Math.abs(Math.floor(clock() / 1000) - seconds);
  if (!(skew <= MAX_CLOCK_SKEW)) {
    throw new VerificationError('timestamp', `Wechatpay-Timestamp ${timestamp} is not within ${MAX_CLOCK_SKEW} s of the local clock`, context);
  }
  const key = keys.get(serial);
  if (!key) {
    throw new VerificationError(
      'serial',
      `no platform key is configured for Wechatpay-Serial ${serial} (certs has ${[...keys.keys()].join(', ')})`,
      context,
    );
  }
  if (signature.startsWith('WECHATPAY/SIGNTEST/')) {
    throw new VerificationError('signature', 'the answer carries a WECHATPAY/SIGNTEST/ probe signature', context);
  }
  if (!signatureBytes(signature, key)) {
    const size = signatureSize(key);
    throw new VerificationError(
      'signature',
      `Wechatpay-Signature must be one base64 value of ${size} bytes (${4 * Math.ceil(size / 3)} characters) for the key of Wechatpay-Serial ${serial}; it is not`,
      context,
    );
  }
  if (!rsaVerify(signingMessage(timestamp, nonce, signed.body), signature, key)) {
    throw new VerificationError('signature', `the signature does not match the answer (Wechatpay-Serial ${serial})`, context);
  }
}
