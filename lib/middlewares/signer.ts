import type { KeyObject } from 'node:crypto';
import { authorization } from '../crypto/authorization.js';
import { requireRsa } from '../crypto/load-key.js';
import { signingMessage } from '../crypto/message.js';
import { nonce as randomNonce } from '../crypto/nonce.js';
import { rsaSign } from '../crypto/rsa-signature.js';
import type { Middleware } from '../stack/middleware.js';
import { copyRequest } from '../types/request.js';

export interface SignerOptions {
  mchid: string;
  /** The merchant API certificate serial. */
  serial: string;
  privateKey: KeyObject;
  /**
   * The key id WeChat Pay should sign its answer with; sent as `Wechatpay-Serial` unless the call sets it. A
   * function is asked at each call (for clients whose platform certificates are refreshed).
   */
  preferredSerial?: string | (() => string | undefined);
  /** Milliseconds since the epoch (tests fix it). */
  clock?: () => number;
  /** The nonce for each request (tests fix it). */
  nonce?: () => string;
}

/**
 * The APIv3 signer: signs `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` over the exact target and bytes that
 * will be sent, and sets the Authorization header.
 */
export function signer(options: SignerOptions): Middleware {
  const { mchid, serial, privateKey, clock = Date.now, nonce = randomNonce } = options;
  requireRsa(privateKey, 'privateKey');
  const preferred = typeof options.preferredSerial === 'function' ? options.preferredSerial : () => options.preferredSerial as string | undefined;
  return (request, next) => {
    if (request.protocol === 'v2') return next(request); // APIv2 signs its payload: transform_request
    const timestamp = String(Math.floor(clock() / 1000));
    const nonceStr = nonce();
    const target = request.url.pathname + request.url.search;
    const message = signingMessage(request.method, target, timestamp, nonceStr, request.body ?? '');
    const signature = rsaSign(message, privateKey);
    const signed = copyRequest(request);
    signed.headers.set('Authorization', authorization({ mchid, serial_no: serial, timestamp, nonce_str: nonceStr, signature }));
    const preferredSerial = preferred();
    if (preferredSerial && !signed.headers.has('Wechatpay-Serial')) signed.headers.set('Wechatpay-Serial', preferredSerial);
    return next(signed);
  };
}
