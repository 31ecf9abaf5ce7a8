import { randomUUID, type KeyObject } from 'node:crypto';
import { AesGcm } from '../crypto/aes-gcm.js';
import { ParameterError } from '../errors/parameter-error.js';
import { parseFaults, type Faults } from './faults.js';
import type { NotifyOptions, SentNotification } from './notify-types.js';
import { beijingTime, sampleEvent, webhookEvent } from './sample-event.js';
import { signReply } from './sign-reply.js';

/** What signs and encrypts a callback: the platform key, and the merchant's APIv3 key. */
export interface NotificationKeys {
  apiV3Key: KeyObject;
  platform: { serial: string; privateKey: KeyObject };
}

/** The faults that make sense for a callback (the others are about answering a request). */
const CALLBACK_FAULTS = ['tamper-body', 'unknown-serial', 'skew', 'drop-header', 'probe'];

/** Checks what a caller may get wrong, before anything is built or sent; each problem is a `ParameterError`. */
export function checkNotifyOptions(eventType: string, options: Partial<NotifyOptions>): Faults {
  webhookEvent(eventType);
  if (options.to !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(options.to);
    } catch {}
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new ParameterError('to', 'must be an http: or https: URL');
  }
  if (options.resource !== undefined && (options.resource === null || typeof options.resource !== 'object' || Array.isArray(options.resource))) {
    throw new ParameterError('resource', 'must be an object of fields');
  }
  if (options.timeout !== undefined && !(Number.isFinite(options.timeout) && options.timeout > 0)) {
    throw new ParameterError('timeout', 'must be a positive number of milliseconds');
  }
  const faults = parseFaults(options.faults);
  const names = (options.faults ?? '')
    .split(',')
    .map((item) => item.trim().split('=')[0])
    .filter(Boolean);
  const refused = names.filter((name) => !CALLBACK_FAULTS.includes(name as string));
  if (refused.length > 0 || !Number.isFinite(faults.skew)) {
    throw new ParameterError('faults', `callbacks take ${CALLBACK_FAULTS.join(', ')} (skew=SECONDS, drop-header=NAME); got ${options.faults}`);
  }
  return faults;
}

/**
 * An APIv3 callback as WeChat Pay sends one: the sample resource (with `resource` merged over it) encrypted with
 * AEAD_AES_256_GCM under the APIv3 key, in the JSON envelope, signed with the platform key.
 */
export function buildNotification(
  eventType: string,
  keys: NotificationKeys,
  options: Omit<NotifyOptions, 'to'> & { now?: number; exact?: boolean; id?: string } = {},
): SentNotification {
  const faults = checkNotifyOptions(eventType, options);
  const event = webhookEvent(eventType);
  const now = options.now ?? Date.now();
  // `exact`: the ledger's own resource (a paid order), not merged over the catalog's sample.
  const resource = options.exact ? { ...options.resource } : { ...sampleEvent(eventType, { now }), ...options.resource };
  // Where the catalog does not fix original_type, WeChat Pay's habit is the product in lower case (`refund`…).
  const originalType = event.originalType ?? (eventType.split('.')[0] as string).toLowerCase();
  const associatedData = event.associatedData ?? originalType;
  const nonce = AesGcm.nonce();
  const envelope = {
    // A retried callback keeps its id (merchants drop repeats by it), with a fresh timestamp and signature.
    id: options.id ?? randomUUID(),
    create_time: beijingTime(now),
    resource_type: event.resourceType ?? 'encrypt-resource',
    event_type: eventType,
    summary: event.summary ?? summaryOf(event.title, eventType),
    resource: {
      original_type: originalType,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: AesGcm.encrypt(JSON.stringify(resource), keys.apiV3Key, nonce, associatedData),
      associated_data: associatedData,
      nonce,
    },
  };
  const signed = signReply(Buffer.from(JSON.stringify(envelope)), keys.platform, Math.floor(now / 1000), faults);
  return { headers: signed.headers, body: signed.body.toString('utf8'), resource };
}

/** The title without its event name and format: `支付成功(TRANSACTION.SUCCESS)通知(JSON)` → `支付成功通知`. */
function summaryOf(title: string, eventType: string): string {
  return title.replace(`(${eventType})`, '').replace(/\(JSON\)$/, '');
}
