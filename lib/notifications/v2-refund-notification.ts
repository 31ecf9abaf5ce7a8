import { AesEcb } from '../crypto/aes-ecb.js';
import { Hash } from '../crypto/hash.js';
import { loadSymmetricKey, type SymmetricKeyInput } from '../crypto/symmetric-key.js';
import { ConfigError } from '../errors/config-error.js';
import { CryptoError } from '../errors/crypto-error.js';
import { NotificationError } from '../errors/notification-error.js';
import { VerificationError } from '../errors/verification-error.js';
import { unknownKey } from '../utils/known-keys.js';
import { isPlainObject } from '../utils/query-string.js';
import { buildXml, parseXml, XmlRefused, type V2Payload } from '../utils/v2-xml.js';

export interface V2RefundNotificationOptions {
  /** The APIv2 key: checks `sign` and decrypts `req_info`. */
  secret: SymmetricKeyInput;
  /** When given, the notification's `mch_id` must be it. */
  mchid?: string;
  /**
   * Refuse a notification without `sign`. WeChat Pay's refund notifications usually carry none (only
   * `req_info`, which only the APIv2 key decrypts); a `sign` that is there is always checked.
   */
  requireSign?: boolean;
}

/** A read APIv2 refund notification. */
export interface V2RefundNotification {
  /** The outer `<xml>` fields (`return_code`, `appid`, `mch_id`, `nonce_str`, `req_info`…). */
  payload: V2Payload;
  /** `req_info` decrypted: `refund_id`, `out_refund_no`, `refund_status`, `settlement_refund_fee`… */
  refund: V2Payload;
}

/**
 * The APIv2 callbacks: read a refund notification (check its `sign`, decrypt `req_info` with AES-256-ECB) in one
 * call, and the XML answers WeChat Pay expects.
 */
const REFUND_KEYS = Object.keys({ secret: true, mchid: true, requireSign: true } satisfies Record<keyof V2RefundNotificationOptions, true>);

export const V2Notification = {
  refund(body: string | Uint8Array, options: V2RefundNotificationOptions): V2RefundNotification {
    if (!isPlainObject(options)) throw new ConfigError('options', 'must be an object such as { secret }');
    const unknown = unknownKey(options, REFUND_KEYS, 'V2Notification.refund');
    if (unknown) throw new ConfigError(...unknown);
    const secret = loadSymmetricKey(options.secret, 'secret');
    if (typeof body !== 'string' && !(body instanceof Uint8Array)) throw new NotificationError('body', 'the refund notification must be the raw body: a string or bytes');
    let payload: V2Payload;
    try {
      payload = parseXml(body);
    } catch (error) {
      if (error instanceof XmlRefused) throw new NotificationError('body', `the refund notification was refused: ${error.message}`, { cause: error });
      throw error;
    }
    if (payload.sign !== undefined) {
      const type = payload.sign_type === 'HMAC-SHA256' ? 'HMAC-SHA256' : 'MD5';
      if (!Hash.equals(Hash.sign(type, payload, secret), payload.sign)) throw new VerificationError('signature', 'the sign of the refund notification does not match');
    } else if (options.requireSign) {
      throw new VerificationError('signature', 'the refund notification carries no sign (requireSign is set)');
    }
    if (payload.return_code !== 'SUCCESS') throw new NotificationError('resource', `the refund notification has return_code ${payload.return_code ?? '(none)'}`);
    if (options.mchid !== undefined) {
      if (typeof options.mchid !== 'string') throw new ConfigError('mchid', 'must be a string');
      if (payload.mch_id !== options.mchid) throw new NotificationError('resource', `the refund notification is for mch_id ${payload.mch_id ?? '(none)'}, not ${options.mchid}`);
    }
    if (!payload.req_info) throw new NotificationError('resource', 'the refund notification carries no req_info');
    let plaintext: string;
    try {
      plaintext = AesEcb.decrypt(payload.req_info, secret);
    } catch (error) {
      if (error instanceof CryptoError) throw new NotificationError('decryption', 'req_info cannot be decrypted with the APIv2 key');
      throw error;
    }
    try {
      return { payload, refund: parseXml(plaintext, undefined, 'root') };
    } catch (error) {
      if (error instanceof XmlRefused) throw new NotificationError('resource', `the decrypted req_info was refused: ${error.message}`);
      throw error;
    }
  },

  /** The answer that tells WeChat Pay the notification was handled. */
  success(): string {
    return buildXml({ return_code: 'SUCCESS', return_msg: 'OK' });
  },

  /** The answer that asks WeChat Pay to send the notification again; `message` must not hold secrets. */
  fail(message = 'FAIL'): string {
    return buildXml({ return_code: 'FAIL', return_msg: message });
  },
};
