import type { KeyObject } from 'node:crypto';
import { AesGcm } from '../crypto/aes-gcm.js';
import { NotificationError } from '../errors/notification-error.js';
import type { NotificationEvent } from './notification-types.js';

const ENVELOPE_STRINGS = ['id', 'create_time', 'event_type', 'resource_type', 'summary'] as const;

/**
 * Parses the verified envelope and decrypts its resource with the APIv3 key. Only called once the signature
 * checked out: unverified bytes are never parsed.
 */
export function openEnvelope(body: Buffer, apiV3Key: KeyObject, requestId: string | undefined): NotificationEvent {
  const fail = (reason: ConstructorParameters<typeof NotificationError>[0], message: string) => new NotificationError(reason, message, { requestId });
  let envelope: unknown;
  try {
    envelope = JSON.parse(body.toString('utf8'));
  } catch {
    throw fail('body', 'the body is not JSON');
  }
  if (!isObject(envelope)) throw fail('body', 'the body is not a JSON object');
  for (const name of ENVELOPE_STRINGS) {
    if (typeof envelope[name] !== 'string') throw fail('body', `the envelope has no ${name} string`);
  }
  const { resource } = envelope;
  if (!isObject(resource)) throw fail('body', 'the envelope has no resource object');
  if (resource.algorithm !== 'AEAD_AES_256_GCM') {
    throw fail('algorithm', `resource.algorithm ${JSON.stringify(resource.algorithm)} is not AEAD_AES_256_GCM`);
  }
  const { ciphertext, nonce, associated_data: associatedData = '', original_type: originalType } = resource;
  if (typeof ciphertext !== 'string' || typeof nonce !== 'string' || typeof associatedData !== 'string') {
    throw fail('body', 'resource.ciphertext and resource.nonce must be strings, and resource.associated_data a string when present');
  }
  let plaintext: string;
  try {
    plaintext = AesGcm.decrypt(ciphertext, apiV3Key, nonce, associatedData);
  } catch {
    // The cause may be a bad nonce length as well as a failed tag: either way the APIv3 key could not open it.
    throw fail(
      'decryption',
      'resource could not be decrypted with the APIv3 key (a different key, or an altered ciphertext, nonce or associated_data)',
    );
  }
  let decrypted: unknown;
  try {
    decrypted = JSON.parse(plaintext);
  } catch {
    throw fail('resource', 'the decrypted resource is not JSON');
  }
  if (!isObject(decrypted)) throw fail('resource', 'the decrypted resource is not a JSON object');
  return {
    ...(envelope as Omit<NotificationEvent, 'original_type' | 'resource'>),
    original_type: typeof originalType === 'string' ? originalType : undefined,
    resource: decrypted,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
