import { createPublicKey, generateKeyPairSync, randomBytes, randomInt, type KeyObject } from 'node:crypto';
import { loadPrivateKey, loadPublicKey } from '../crypto/load-key.js';
import { nonce } from '../crypto/nonce.js';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { ConfigError } from '../errors/config-error.js';
import type { SimulatorOptions } from './simulator-options.js';

export interface SimulatorKeys {
  mchid: string;
  merchant: { serial: string; publicKey: KeyObject; privateKeyPem: string | undefined };
  platform: { serial: string; privateKey: KeyObject; publicKeyPem: string };
  /** The merchant's APIv3 key, which callbacks are encrypted with. */
  apiV3Key: string;
}

/** The simulator's identities: the given ones, or fresh RSA-2048 keys with WeChat Pay-shaped ids. */
export function simulatorKeys(options: SimulatorOptions): SimulatorKeys {
  const mchid = options.mchid ?? '1900000001';
  let merchant: SimulatorKeys['merchant'];
  if (options.merchant) {
    merchant = { serial: options.merchant.serial, publicKey: loadPublicKey(options.merchant.publicKey, 'merchant.publicKey'), privateKeyPem: undefined };
  } else {
    const pair = rsaPair();
    merchant = { serial: randomBytes(20).toString('hex').toUpperCase(), publicKey: pair.publicKey, privateKeyPem: pem(pair.privateKey) };
  }
  const platformKey = options.platform ? loadPrivateKey(options.platform.privateKey, 'platform.privateKey') : rsaPair().privateKey;
  const serial = options.platform?.serial ?? `PUB_KEY_ID_01${Array.from({ length: 26 }, () => randomInt(10)).join('')}`;
  // Text, not bytes: it is handed out as a merchant would copy it from the merchant platform.
  if (options.apiV3Key !== undefined && typeof options.apiV3Key !== 'string') throw new ConfigError('apiV3Key', 'must be a string of 32 characters');
  const apiV3Key = options.apiV3Key ?? nonce(32);
  loadSymmetricKey(apiV3Key, 'apiV3Key');
  return {
    mchid,
    merchant,
    platform: { serial, privateKey: platformKey, publicKeyPem: createPublicKey(platformKey).export({ type: 'spki', format: 'pem' }) as string },
    apiV3Key,
  };
}

function rsaPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** What may leave the simulator of its keys: public parts, and the merchant's keys (API private key it made, APIv3 key). */
export interface PublicKeys {
  mchid: string;
  merchant: { serial: string; privateKeyPem: string | undefined };
  platform: { serial: string; publicKeyPem: string };
  apiV3Key: string;
}

export function publicKeys(keys: SimulatorKeys): PublicKeys {
  return {
    mchid: keys.mchid,
    merchant: { serial: keys.merchant.serial, privateKeyPem: keys.merchant.privateKeyPem },
    platform: { serial: keys.platform.serial, publicKeyPem: keys.platform.publicKeyPem },
    apiV3Key: keys.apiV3Key,
  };
}
