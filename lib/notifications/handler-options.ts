import { ConfigError } from '../errors/config-error.js';
import { unknownKey } from '../utils/known-keys.js';
import { isPlainObject } from '../types/is-plain-object.js';
import type { NotificationHandlerOptions } from './notification-types.js';
import { DEFAULT_MAX_BODY } from './raw-body.js';

const HANDLER_KEYS = Object.keys({ maxBodySize: true, onError: true } satisfies Record<keyof NotificationHandlerOptions, true>);

export function loadHandlerOptions(options: NotificationHandlerOptions = {}): Required<NotificationHandlerOptions> {
  if (!isPlainObject(options as unknown)) throw new ConfigError('options', 'must be an object such as { maxBodySize, onError }');
  const unknown = unknownKey(options, HANDLER_KEYS, 'the handler options');
  if (unknown) throw new ConfigError(...unknown);
  const { maxBodySize = DEFAULT_MAX_BODY, onError = logError } = options;
  if (!Number.isSafeInteger(maxBodySize) || maxBodySize <= 0) throw new ConfigError('maxBodySize', 'must be a positive whole number of bytes');
  if (typeof onError !== 'function') throw new ConfigError('onError', 'must be a function');
  return { maxBodySize, onError };
}

/** By default a refused or failed callback is logged: WeChat Pay only retries, so nobody else would see it. */
function logError(error: unknown): void {
  console.error('wechatpay-ts: a WeChat Pay callback was not accepted:', error);
}
