import { AesEcb } from '../crypto/aes-ecb.js';
import { verifyV2Sign } from '../crypto/verify-v2-sign.js';
import type { KeyObject } from 'node:crypto';
import { loadSymmetricKey, type SymmetricKeyInput } from '../crypto/symmetric-key.js';
import type { V2WebhookPayloads, V2WebhookPlaintexts } from '../endpoints/generated/webhooks.js';
import { ConfigError } from '../errors/config-error.js';
import { CryptoError } from '../errors/crypto-error.js';
import { NotificationError } from '../errors/notification-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { VerificationError } from '../errors/verification-error.js';
import { unknownKey } from '../utils/known-keys.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { buildXml, parseXml, XmlRefused, type V2Payload } from '../utils/v2-xml.js';
import { checkStore } from '../stores/check-store.js';
import type { WechatpayStore } from '../stores/store.js';
import { defaultV2Store, receiveV2, type V2NotificationReply } from './v2-receive.js';

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

/** What `V2Notification.verify` and `V2Notification.payment` take. */
export interface V2NotificationOptions {
  /** The APIv2 key: checks `sign`. */
  secret: SymmetricKeyInput;
  /** When given, the notification's `mch_id` (`combine_mch_id` for a combined payment) must be it. */
  mchid?: string;
}

/** What `V2Notification.receive` takes: the options of `verify` (and `requireSign` of `refund`), and where handled callbacks are remembered. */
export interface V2ReceiveOptions extends V2NotificationOptions {
  /** For a refund notification: refuse one without `sign` (see {@link V2RefundNotificationOptions}). */
  requireSign?: boolean;
  /**
   * Where handled callbacks are remembered, so each runs the handler once: default this process's memory; a
   * `redisStore(client)` (`wechatpay-ts/redis`) shared by a fleet.
   */
  store?: WechatpayStore;
  /** Told of every refused callback and every error of the handler or the store; default `console.error`. */
  onError?: (error: unknown) => void;
}

/** What the handler of `V2Notification.receive` gets: the refund read and decrypted, or the callback's fields. */
export type V2Received<Event extends V2SignedEvent | 'refund-processed'> = Event extends 'refund-processed'
  ? V2RefundNotification
  : V2WebhookPayloads[Exclude<Event, 'refund-processed'>];

/** The APIv2 callbacks `V2Notification.verify` reads: all but the refund's, which has `V2Notification.refund`. */
export type V2SignedEvent = Exclude<keyof V2WebhookPayloads, 'refund-processed'>;

/** A read APIv2 refund notification, typed from the catalog's `refund-processed`. */
export interface V2RefundNotification {
  /** The outer `<xml>` fields (`return_code`, `appid`, `mch_id`, `nonce_str`, `req_info`…). */
  payload: V2WebhookPayloads['refund-processed'];
  /** `req_info` decrypted: `refund_id`, `out_refund_no`, `refund_status`, `settlement_refund_fee`… */
  refund: V2WebhookPlaintexts['refund-processed'];
}

/**
 * The APIv2 callbacks: read a refund notification (check its `sign`, decrypt `req_info` with AES-256-ECB) or any
 * other signed callback in one call, typed from the catalog, and the XML answers WeChat Pay expects.
 */
const REFUND_KEYS = Object.keys({ secret: true, mchid: true, requireSign: true } satisfies Record<keyof V2RefundNotificationOptions, true>);

export const V2Notification = {
  refund(body: string | Uint8Array, options: V2RefundNotificationOptions): V2RefundNotification {
    if (!isPlainObject(options)) throw new ConfigError('options', 'must be an object such as { secret }');
    const unknown = unknownKey(options, REFUND_KEYS, 'V2Notification.refund');
    if (unknown) throw new ConfigError(...unknown);
    const secret = loadSymmetricKey(options.secret, 'secret');
    const payload = read(body, 'refund notification');
    if (payload.sign !== undefined) checkSign(payload, secret, 'refund notification');
    else if (options.requireSign) throw new VerificationError('signature', 'the refund notification carries no sign (requireSign is set)');
    checkFields(payload, options.mchid, 'refund notification', true);
    if (!payload.req_info) throw new NotificationError('resource', 'the refund notification carries no req_info');
    let plaintext: string;
    try {
      plaintext = AesEcb.decrypt(payload.req_info, secret);
    } catch (error) {
      if (error instanceof CryptoError) throw new NotificationError('decryption', 'req_info cannot be decrypted with the APIv2 key');
      throw error;
    }
    try {
      return {
        payload: payload as V2RefundNotification['payload'],
        refund: parseXml(plaintext, undefined, 'root') as V2RefundNotification['refund'],
      };
    } catch (error) {
      if (error instanceof XmlRefused) throw new NotificationError('resource', `the decrypted req_info was refused: ${error.message}`);
      throw error;
    }
  },

  /**
   * Reads the APIv2 callback `event` (the catalog's name: `transaction-success`, `pap-contract-state-changed`,
   * `CHECK.SUCCESS`…): checks its `sign` (required; `MD5`, or `HMAC-SHA256` when `sign_type` or `algorithm` says
   * so), its `return_code` and `event_type` when it has them, and `mchid` when given, and returns its XML fields,
   * typed. An encrypted `event_ciphertext` is returned as it came.
   */
  verify<Event extends V2SignedEvent>(event: Event, body: string | Uint8Array, options: V2NotificationOptions): V2WebhookPayloads[Event] {
    if (typeof event !== 'string' || (event as string) === '')
      throw new ParameterError('event', 'must name an APIv2 callback, such as transaction-success');
    if ((event as string) === 'refund-processed')
      throw new ParameterError('event', 'a refund notification is read with V2Notification.refund, which decrypts req_info');
    const secret = loadSymmetricKey(options.secret, 'secret');
    const what = `${event} notification`;
    const payload = read(body, what);
    if (payload.sign === undefined) throw new VerificationError('signature', `the ${what} carries no sign`);
    checkSign(payload, secret, what);
    checkFields(payload, options.mchid, what, false);
    if (payload.event_type !== undefined && payload.event_type !== event)
      throw new NotificationError('resource', `the ${what} has event_type ${payload.event_type}`);
    return payload as V2WebhookPayloads[Event];
  },

  /** The payment result (支付结果通知, `transaction-success`) read as {@link V2Notification.verify} reads callbacks. */
  payment(body: string | Uint8Array, options: V2NotificationOptions): V2WebhookPayloads['transaction-success'] {
    return V2Notification.verify('transaction-success', body, options);
  },

  /**
   * Reads the APIv2 callback `event` (as `refund` for `refund-processed`, else as `verify`), runs `handler` once per
   * callback among everyone sharing `options.store`, and gives the XML answer to send: 200 SUCCESS when handled (or
   * already handled), 400 FAIL when refused, 500 FAIL when the handler threw, 503 FAIL for a duplicate that came
   * while the first delivery is still being handled (never a success: the first may yet fail). A callback is known
   * by its `transaction_id` (payments), its `refund_id` and `refund_status` (refunds), or else its `sign`.
   */
  async receive<Event extends V2SignedEvent | 'refund-processed'>(
    event: Event,
    body: string | Uint8Array,
    options: V2ReceiveOptions,
    handler: (notification: V2Received<Event>) => unknown,
  ): Promise<V2NotificationReply> {
    if (!isPlainObject(options)) throw new ConfigError('options', 'must be an object such as { secret, store }');
    const { store, onError = logError, requireSign, ...read } = options;
    const unknown = unknownKey(options, [...REFUND_KEYS, 'store', 'onError'], 'V2Notification.receive');
    if (unknown) throw new ConfigError(...unknown);
    if (typeof onError !== 'function') throw new ConfigError('onError', 'must be a function');
    if (typeof handler !== 'function') throw new ParameterError('handler', 'must be a function');
    const shared = store === undefined ? defaultV2Store() : checkStore(store, 'store');
    loadSymmetricKey(read.secret, 'secret');
    return receiveV2(
      () => {
        if ((event as string) === 'refund-processed') {
          const refund = V2Notification.refund(body, { ...read, requireSign });
          const id = refund.refund.refund_id ?? refund.refund.out_refund_no;
          return { read: refund as V2Received<Event>, key: `notification:v2:refund:${id}:${refund.refund.refund_status}` };
        }
        const payload = V2Notification.verify(event as V2SignedEvent, body, read) as V2Payload;
        const id = event === 'transaction-success' && payload.transaction_id ? payload.transaction_id : `sign:${payload.sign}`;
        return { read: payload as V2Received<Event>, key: `notification:v2:${event}:${id}` };
      },
      handler,
      shared,
      onError,
    );
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

/** By default a refused or failed callback is logged: WeChat Pay only retries, so nobody else would see it. */
function logError(error: unknown): void {
  console.error('wechatpay-ts: a WeChat Pay APIv2 callback was not accepted:', error);
}

function read(body: string | Uint8Array, what: string): V2Payload {
  if (typeof body !== 'string' && !(body instanceof Uint8Array))
    throw new NotificationError('body', `the ${what} must be the raw body: a string or bytes`);
  try {
    return parseXml(body);
  } catch (error) {
    if (error instanceof XmlRefused) throw new NotificationError('body', `the ${what} was refused: ${error.message}`, { cause: error });
    throw error;
  }
}

function checkSign(payload: V2Payload, secret: KeyObject, what: string): void {
  const type = payload.sign_type === 'HMAC-SHA256' || payload.algorithm === 'HMAC-SHA256' ? 'HMAC-SHA256' : 'MD5';
  verifyV2Sign(payload, secret, type, what);
}

/** `return_code` must be SUCCESS (where the callback has one, unless `needsReturnCode`), and `mch_id` the merchant's. */
function checkFields(payload: V2Payload, mchid: string | undefined, what: string, needsReturnCode: boolean): void {
  if ((needsReturnCode || payload.return_code !== undefined) && payload.return_code !== 'SUCCESS') {
    throw new NotificationError('resource', `the ${what} has return_code ${payload.return_code ?? '(none)'}`);
  }
  if (mchid === undefined) return;
  if (typeof mchid !== 'string') throw new ConfigError('mchid', 'must be a string');
  const given = payload.mch_id ?? payload.combine_mch_id;
  if (given !== mchid) throw new NotificationError('resource', `the ${what} is for mch_id ${given ?? '(none)'}, not ${mchid}`);
}
