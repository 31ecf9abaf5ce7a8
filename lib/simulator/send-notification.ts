import type { KeyInput } from '../crypto/key-input.js';
import { loadPrivateKey } from '../crypto/load-key.js';
import { loadSymmetricKey, type SymmetricKeyInput } from '../crypto/symmetric-key.js';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { buildNotification, checkNotifyOptions } from './build-notification.js';
import { deliverNotification } from './deliver-notification.js';
import type { NotificationDelivery, NotifyOptions } from './notify-types.js';

export interface SendNotificationOptions extends NotifyOptions {
  /** The merchant's APIv3 key, which the receiver decrypts with. */
  apiV3Key: SymmetricKeyInput;
  /** The key WeChat Pay signs with, under its public key id or platform certificate serial (the receiver's `certs`). */
  platform: { serial: string; privateKey: KeyInput };
}

/**
 * Sends one APIv3 callback of `eventType`, encrypted and signed as WeChat Pay does, without a running simulator:
 * for a command line (`wechatpay simulate notify EVENT --to URL`) or a test. Keys and options are checked first
 * (`ConfigError`, `ParameterError`); a receiver that cannot be reached is a `TransportError`.
 */
export async function sendNotification(eventType: string, options: SendNotificationOptions): Promise<NotificationDelivery> {
  if (options?.to === undefined) throw new ParameterError('to', 'is required: the URL to send the callback to');
  checkNotifyOptions(eventType, options);
  const apiV3Key = loadSymmetricKey(options.apiV3Key, 'apiV3Key');
  const privateKey = loadPrivateKey(options.platform?.privateKey, 'platform.privateKey');
  if (typeof options.platform.serial !== 'string' || !/^[\x21-\x7e]+$/.test(options.platform.serial)) {
    throw new ConfigError('platform.serial', "must be a public key id or certificate serial of visible ASCII, e.g. 'PUB_KEY_ID_…'");
  }
  const sent = buildNotification(eventType, { apiV3Key, platform: { serial: options.platform.serial, privateKey } }, options);
  return deliverNotification(options.to, sent, options.timeout);
}
