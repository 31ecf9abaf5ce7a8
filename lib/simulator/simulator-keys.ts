import { createPublicKey, generateKeyPairSync, randomBytes, randomInt, type KeyObject } from 'node:crypto';
import { Certificate } from '../crypto/certificate.js';
import { loadPrivateKey, loadPublicKey } from '../crypto/load-key.js';
import { nonce } from '../crypto/nonce.js';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { ConfigError } from '../errors/config-error.js';
import type { SimulatorOptions } from './simulator-options.js';

/** A key WeChat Pay signs with: a public key id, or a platform certificate serial with its certificate. */
export interface PlatformKey {
  serial: string;
  privateKey: KeyObject;
  publicKeyPem: string;
  /** PEM, for platform certificates: what `GET v3/certificates` lists. */
  certificate: string | undefined;
}

export interface SimulatorKeys {
  mchid: string;
  merchant: { serial: string; publicKey: KeyObject; privateKeyPem: string | undefined };
  /** The key answers and callbacks are signed with now: the last one rotated in. */
  platform: PlatformKey;
  /** Every platform key still in service, oldest first. */
  platforms: PlatformKey[];
  /** The merchant's APIv3 key, which callbacks are encrypted with. */
  apiV3Key: string;
}

/** The simulator's identities: the given ones, or fresh RSA-2048 keys with WeChat Pay-shaped ids. */
export function simulatorKeys(options: SimulatorOptions): SimulatorKeys {
  const mchid = options.mchid ?? '1900000001';
  let merchant: SimulatorKeys['merchant'];
  if (options.merchant) {
    merchant = {
      serial: options.merchant.serial,
      publicKey: loadPublicKey(options.merchant.publicKey, 'merchant.publicKey'),
      privateKeyPem: undefined,
    };
  } else {
    const pair = rsaPair();
    merchant = { serial: randomBytes(20).toString('hex').toUpperCase(), publicKey: pair.publicKey, privateKeyPem: pem(pair.privateKey) };
  }
  const platform = options.platform
    ? platformKey(options.platform)
    : platformKey({ serial: `PUB_KEY_ID_01${Array.from({ length: 26 }, () => randomInt(10)).join('')}`, privateKey: rsaPair().privateKey });
  // Text, not bytes: it is handed out as a merchant would copy it from the merchant platform.
  if (options.apiV3Key !== undefined && typeof options.apiV3Key !== 'string') throw new ConfigError('apiV3Key', 'must be a string of 32 characters');
  const apiV3Key = options.apiV3Key ?? nonce(32);
  loadSymmetricKey(apiV3Key, 'apiV3Key');
  return {
    mchid,
    merchant,
    platform,
    platforms: [platform],
    apiV3Key,
  };
}

/** Loads a platform key; a certificate must hold that key and carry that serial. */
export function platformKey(given: NonNullable<SimulatorOptions['platform']>): PlatformKey {
  const privateKey = loadPrivateKey(given.privateKey, 'platform.privateKey');
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  let certificate: string | undefined;
  if (given.certificate !== undefined) {
    const parsed = Certificate.load(given.certificate);
    if (Certificate.serial(parsed) !== given.serial.toUpperCase())
      throw new ConfigError('platform.certificate', `has serial ${Certificate.serial(parsed)}, not ${given.serial}`);
    if (parsed.publicKey.export({ type: 'spki', format: 'pem' }) !== publicKeyPem)
      throw new ConfigError('platform.certificate', 'does not hold the public half of platform.privateKey');
    certificate = parsed.toString();
  }
  return { serial: given.serial, privateKey, publicKeyPem, certificate };
}

/** Puts a new platform key in service; it signs from now on, and the old ones stay listed until retired. */
export function rotatePlatform(keys: SimulatorKeys, given: NonNullable<SimulatorOptions['platform']>): void {
  const next = platformKey(given);
  keys.platforms = [...keys.platforms.filter((key) => key.serial !== next.serial), next];
  keys.platform = next;
}

/** Takes a platform key out of service (the current signer cannot be retired). */
export function retirePlatform(keys: SimulatorKeys, serial: string): void {
  if (serial === keys.platform.serial) throw new ConfigError('serial', 'is the key the simulator signs with; rotate another in first');
  keys.platforms = keys.platforms.filter((key) => key.serial !== serial);
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
  /** In service, oldest first; the last one signs. */
  platforms: Array<{ serial: string; publicKeyPem: string; certificate: string | undefined }>;
  apiV3Key: string;
}

export function publicKeys(keys: SimulatorKeys): PublicKeys {
  return {
    mchid: keys.mchid,
    merchant: { serial: keys.merchant.serial, privateKeyPem: keys.merchant.privateKeyPem },
    platforms: keys.platforms.map(({ serial, publicKeyPem, certificate }) => ({ serial, publicKeyPem, certificate })),
    apiV3Key: keys.apiV3Key,
  };
}
