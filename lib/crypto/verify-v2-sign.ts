import type { KeyObject } from 'node:crypto';
import { VerificationError } from '../errors/verification-error.js';
import { Hash } from './hash.js';

/**
 * Checks the `sign` of an APIv2 payload (an answer or a callback) with the APIv2 key, by the algorithm the caller
 * expects; a `VerificationError` (`signature`) otherwise. `what` names the document in the message.
 */
export function verifyV2Sign(
  payload: Readonly<Record<string, string | undefined>>,
  secret: KeyObject,
  type: 'MD5' | 'HMAC-SHA256',
  what: string,
  context: { status?: number; requestId?: string } = {},
): void {
  const given = payload.sign;
  if (given === undefined) throw new VerificationError('signature', `the ${what} carries no sign`, context);
  if (!Hash.equals(Hash.sign(type, payload, secret), given))
    throw new VerificationError('signature', `the sign of the ${what} does not match`, context);
}
