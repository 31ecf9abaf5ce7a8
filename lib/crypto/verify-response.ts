import { verify, type KeyObject } from 'node:crypto';
import { VerificationError } from '../errors/verification-error.js';
import { signingMessage } from './message.js';
import { signatureBytes, signatureSize } from './rsa-signature.js';

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
  const timestamp = headers.get('Wechatpay-Timestamp') ?? '';
  const nonce = headers.get('Wechatpay-Nonce') ?? '';
  const signature = headers.get('Wechatpay-Signature') ?? '';
  const serial = headers.get('Wechatpay-Serial') ?? '';
  // Only a failure reads the Request-ID.
  const fail = (reason: 'headers' | 'timestamp' | 'serial' | 'signature', message: string) =>
    new VerificationError(reason, message, { status, requestId: headers.get('Request-ID') ?? undefined });
  if (!timestamp || !nonce || !signature || !serial) {
    throw fail('headers', `the answer lacks ${SIGNATURE_HEADERS.filter((name) => !headers.get(name)).join(', ')}`);
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const skew = Math.abs(Math.floor(clock() / 1000) - seconds);
  if (!(skew <= MAX_CLOCK_SKEW)) {
    throw fail('timestamp', `Wechatpay-Timestamp ${timestamp} is not within ${MAX_CLOCK_SKEW} s of the local clock`);
  }
  const key = keys.get(serial);
  if (!key) {
    throw fail('serial', `no platform key is configured for Wechatpay-Serial ${serial} (certs has ${[...keys.keys()].join(', ')})`);
  }
  if (signature.startsWith('WECHATPAY/SIGNTEST/')) {
    throw fail('signature', 'the answer carries a WECHATPAY/SIGNTEST/ probe signature');
  }
  const bytes = signatureBytes(signature, key);
  if (!bytes) {
    const size = signatureSize(key);
    throw fail(
      'signature',
      `Wechatpay-Signature must be one base64 value of ${size} bytes (${4 * Math.ceil(size / 3)} characters) for the key of Wechatpay-Serial ${serial}; it is not`,
    );
  }
  // The bytes checked above, decoded once (rsaVerify would check and decode them again).
  if (!verify('sha256', signingMessage(timestamp, nonce, signed.body), key, bytes)) {
    throw fail('signature', `the signature does not match the answer (Wechatpay-Serial ${serial})`);
  }
}
