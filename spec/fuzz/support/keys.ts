import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { fixture, MERCHANT_SERIAL, PUBLIC_KEY_ID } from '../../support/fixtures.js';

/** The RSA-2048 keys of the committed fixtures, and symmetric keys made afresh for each spec file. */
export interface FuzzKeys {
  mchid: string;
  merchantSerial: string;
  /** PEM (PKCS#8) of the merchant key the client signs with. */
  merchantPem: string;
  /** The key WeChat Pay signs with, under `platformSerial`; `platformPem` is its public key. */
  platformKey: KeyObject;
  platformSerial: string;
  platformPem: string;
  /** A key no configuration trusts (for signatures by someone else). */
  strangerKey: KeyObject;
  /** 32 characters each. */
  apiV3Key: string;
  secret: string;
}

export function fuzzKeys(): FuzzKeys {
  const platformKey = createPrivateKey(fixture('platform-key.pem'));
  return {
    mchid: '1900000001',
    merchantSerial: MERCHANT_SERIAL,
    merchantPem: fixture('merchant-key.pem'),
    platformKey,
    platformSerial: PUBLIC_KEY_ID,
    platformPem: createPublicKey(platformKey).export({ type: 'spki', format: 'pem' }) as string,
    strangerKey: createPrivateKey(fixture('platform-a-key.pem')),
    apiV3Key: randomBytes(16).toString('hex'),
    secret: randomBytes(16).toString('hex'),
  };
}
