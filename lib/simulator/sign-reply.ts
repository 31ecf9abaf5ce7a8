import { randomBytes, type KeyObject } from 'node:crypto';
import { signingMessage } from '../crypto/message.js';
import { nonce } from '../crypto/nonce.js';
import { rsaSign } from '../crypto/rsa-signature.js';
import type { Faults } from './faults.js';
import { flipFirstByte } from './reply.js';

export interface SignOptions {
  /** The message body the signature covers, when it is not the body sent (the overseas statement's `{"sha1":…}`). */
  signed?: Buffer;
  /** Default `application/json; charset=utf-8`. */
  contentType?: string;
  /** More headers, which `drop-header` can leave out too. */
  headers?: Record<string, string>;
}

/** The answer's headers and bytes, signed as WeChat Pay signs them (with any requested faults applied). */
export function signReply(
  body: Buffer,
  platform: { serial: string; privateKey: KeyObject },
  now: number,
  faults: Faults,
  options: SignOptions = {},
): { headers: Record<string, string>; body: Buffer } {
  const timestamp = String(now + faults.skew);
  const nonceStr = nonce();
  const signature = faults.probe
    ? `WECHATPAY/SIGNTEST/${randomBytes(180).toString('base64')}`
    : rsaSign(signingMessage(timestamp, nonceStr, options.signed ?? body), platform.privateKey);
  const headers: Record<string, string> = {
    'Content-Type': options.contentType ?? 'application/json; charset=utf-8',
    'Request-ID': requestId(),
    ...options.headers,
    'Wechatpay-Nonce': nonceStr,
    'Wechatpay-Serial': faults.unknownSerial ? 'PUB_KEY_ID_0000000000000000000000000000' : platform.serial,
    'Wechatpay-Signature': signature,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    'Wechatpay-Timestamp': timestamp,
  };
  for (const name of Object.keys(headers)) if (faults.drop.includes(name.toLowerCase())) delete headers[name];
  // Tampering after signing: one byte of the body changes, as a proxy rewriting it would. A JSON body keeps
  // parsing (a letter after a quote changes); any other body has its first byte flipped.
  let sent = body;
  if (faults.tamperBody) {
    sent = options.signed ? flipFirstByte(body) : Buffer.from(body.toString('utf8').replace(/"(\w)/, (_, c: string) => `"${c === 'x' ? 'y' : 'x'}`));
  }
  return { headers, body: sent };
}

export function requestId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}
