import type { KeyObject } from 'node:crypto';
import { loadPublicKey } from '../crypto/load-key.js';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { ConfigError } from '../errors/config-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { unknownKey } from '../utils/known-keys.js';
import type { NotificationOptions } from './notification-types.js';
import { checkStore } from '../stores/check-store.js';
import { memoryStore } from '../stores/memory-store.js';
import type { WechatpayStore } from '../stores/store.js';

export interface LoadedNotificationOptions {
  apiV3Key: KeyObject;
  keys: Map<string, KeyObject>;
  clock: () => number;
  store: WechatpayStore;
}

const NOTIFICATION_KEYS = Object.keys({ apiV3Key: true, certs: true, clock: true, store: true } satisfies Record<keyof NotificationOptions, true>);

/** Loads every key once, up front; each problem is a `ConfigError` naming its option, never showing a key. */
export function loadNotificationOptions(options: NotificationOptions): LoadedNotificationOptions {
  if (!isPlainObject(options)) throw new ConfigError('options', 'must be an object with apiV3Key and certs');
  const unknown = unknownKey(options, NOTIFICATION_KEYS, 'new Notification()');
  if (unknown) throw new ConfigError(...unknown);
  if (options.apiV3Key === undefined) throw new ConfigError('apiV3Key', 'is required');
  const apiV3Key = loadSymmetricKey(options.apiV3Key, 'apiV3Key');
  if (!isPlainObject(options.certs) || Object.keys(options.certs).length === 0) {
    throw new ConfigError('certs', 'must map at least one platform certificate serial or public key id to its key');
  }
  const keys = new Map<string, KeyObject>();
  for (const [id, input] of Object.entries(options.certs)) {
    // The id is compared with a header value: anything else could never match.
    if (!/^[\x21-\x7e]+$/.test(id))
      throw new ConfigError(`certs['${id}']`, "must be keyed by a serial or public key id of visible ASCII, e.g. 'PUB_KEY_ID_…'");
    keys.set(id, loadPublicKey(input, `certs['${id}']`));
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') throw new ConfigError('clock', 'must be a function');
  const clock = options.clock ?? Date.now;
  const store = options.store === undefined ? memoryStore({ clock }) : checkStore(options.store, 'store');
  return { apiV3Key, keys, clock, store };
}
