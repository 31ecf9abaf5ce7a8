import { createCipheriv, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Builder,
  ConfigError,
  Notification,
  PayParams,
  Rsa,
  encryptor,
  fetchTransport,
  signer,
  verifier,
  type ClientConfig,
  type KeyInput,
} from 'wechatpay-ts';
import { startSimulator } from 'wechatpay-ts/simulator';
import { failure, thrown } from '../support/failures.js';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture } from '../support/fixtures.js';
import { selfSigned } from '../support/self-signed.js';

/** Keys no committed fixture holds: made here, with certificates built in DER by spec/support/self-signed.ts. */
const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed25519 = generateKeyPairSync('ed25519');
const WEAK_SERIAL = '5A1B2C3D4E5F60718293A4B5C6D7E8F901234567';
const EC_SERIAL = '6A1B2C3D4E5F60718293A4B5C6D7E8F901234567';
const weakCertificate = selfSigned(WEAK_SERIAL, weak);
const ecCertificate = selfSigned(EC_SERIAL, ec);
const pem = (key: KeyObject) => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }) as string;

const good: ClientConfig = {
  mchid: '1900000001',
  serial: MERCHANT_SERIAL,
  privateKey: fixture('merchant-key.pem'),
  certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
};
const TOO_SHORT = 'must be an RSA key of at least 2048 bits, got 1024 bits';

/** The error says which option and what size, and repeats no line of the key. */
function expectRefused(error: unknown, option: string, detail: string, key?: KeyInput): void {
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toMatchObject({ code: 'ERR_CONFIG', option, message: `${option}: ${detail}` });
  const shown = `${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;
  const text = typeof key === 'string' ? key : key && 'export' in key ? pem(key as KeyObject) : '';
  for (const line of text.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(shown).not.toContain(line);
}

describe('the merchant private key must be RSA of at least 2048 bits', () => {
  it.each<[string, KeyInput, string]>([
    ['a 1024-bit KeyObject', weak.privateKey, TOO_SHORT],
    ['a 1024-bit PKCS#8 PEM', pem(weak.privateKey), TOO_SHORT],
    ['a 1024-bit PKCS#1 PEM', weak.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, TOO_SHORT],
    ['an Ed25519 key', ed25519.privateKey, 'must be an RSA key, got ed25519'],
    ['an EC PEM', pem(ec.privateKey), 'must be an RSA key, got ec'],
  ])('refuses %s at factory', (_, privateKey, detail) => {
    expectRefused(
      thrown(() => Builder.factory({ ...good, privateKey })),
      'privateKey',
      detail,
      privateKey,
    );
  });

  it('in PayParams too', () => {
    const error = thrown(() =>
      PayParams.jsapi({ appId: 'wxd678efh567hg6787', prepayId: 'wx201410272009395522657a690389285100', privateKey: weak.privateKey }),
    );
    expectRefused(error, 'privateKey', TOO_SHORT, weak.privateKey);
  });
});

describe('platform keys and certificates must be RSA of at least 2048 bits', () => {
  it.each<[string, string, KeyInput, string]>([
    ['a 1024-bit X.509 certificate', WEAK_SERIAL, weakCertificate, TOO_SHORT],
    ['a 1024-bit SPKI PEM', PUBLIC_KEY_ID, pem(weak.publicKey), TOO_SHORT],
    ['a 1024-bit public KeyObject', PUBLIC_KEY_ID, weak.publicKey, TOO_SHORT],
    ['an EC certificate', EC_SERIAL, ecCertificate, 'must be an RSA key, got ec'],
    ['an Ed25519 public key', PUBLIC_KEY_ID, ed25519.publicKey, 'must be an RSA key, got ed25519'],
  ])('refuses %s in certs, naming its serial', (_, id, key, detail) => {
    expectRefused(
      thrown(() => Builder.factory({ ...good, certs: { [id]: key } })),
      `certs['${id}']`,
      detail,
    );
  });

  it('in a Notification', () => {
    const error = thrown(() => new Notification({ apiV3Key: 'a'.repeat(32), certs: { [WEAK_SERIAL]: weakCertificate } }));
    expectRefused(error, `certs['${WEAK_SERIAL}']`, TOO_SHORT);
  });

  it('in the simulator', async () => {
    const error = await failure(() =>
      startSimulator({ platform: { serial: WEAK_SERIAL, privateKey: weak.privateKey, certificate: weakCertificate } }),
    );
    expectRefused(error, 'platform.privateKey', TOO_SHORT, weak.privateKey);
  });
});

describe('Rsa refuses short and non-RSA keys', () => {
  it.each<[string, () => unknown, string, string]>([
    ["from(…, 'private')", () => Rsa.from(weak.privateKey, 'private'), 'key', TOO_SHORT],
    ["from(…, 'public') of a certificate", () => Rsa.from(weakCertificate, 'public'), 'key', TOO_SHORT],
    ["from(…, 'public') of an EC key", () => Rsa.from(ec.publicKey, 'public'), 'key', 'must be an RSA key, got ec'],
    ['sign', () => Rsa.sign('message', pem(weak.privateKey)), 'privateKey', TOO_SHORT],
    ['verify', () => Rsa.verify('message', 'c2ln', weak.publicKey), 'publicKey', TOO_SHORT],
    ['encrypt', () => Rsa.encrypt('text', weakCertificate), 'publicKey', TOO_SHORT],
  ])('%s', (_, run, option, detail) => {
    expectRefused(thrown(run), option, detail, weak.privateKey);
  });
});

describe('the middlewares refuse short and non-RSA keys when they are made', () => {
  it.each<[string, () => unknown, string, string]>([
    ['signer', () => signer({ mchid: '1900000001', serial: MERCHANT_SERIAL, privateKey: weak.privateKey }), 'privateKey', TOO_SHORT],
    ['encryptor', () => encryptor({ serial: PUBLIC_KEY_ID, publicKey: weak.publicKey }), 'publicKey', TOO_SHORT],
    ['verifier', () => verifier({ keys: new Map([[PUBLIC_KEY_ID, ec.publicKey]]) }), `keys['${PUBLIC_KEY_ID}']`, 'must be an RSA key, got ec'],
    [
      'signer given PEM text',
      () => signer({ mchid: '1900000001', serial: MERCHANT_SERIAL, privateKey: pem(weak.privateKey) as never }),
      'privateKey',
      'must be a KeyObject (see Rsa.from)',
    ],
  ])('%s', (_, make, option, detail) => {
    expectRefused(thrown(make), option, detail, weak.privateKey);
  });
});

describe('downloaded platform certificates must be RSA of at least 2048 bits', () => {
  const BASE = 'https://api.mch.weixin.qq.com';
  const apiV3Key = 'b'.repeat(32);
  /** The certificate WeChat Pay lists, and the key that signs the listing (its own: the bootstrap). */
  let listed: { serial: string; certificate: string; privateKey: KeyObject };
  const server = setupServer(
    http.get(`${BASE}/v3/certificates`, () => {
      const nonce = randomBytes(6).toString('hex');
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
      cipher.setAAD(Buffer.from('certificate'));
      const ciphertext = Buffer.concat([cipher.update(listed.certificate), cipher.final(), cipher.getAuthTag()]).toString('base64');
      const body = JSON.stringify({
        data: [
          {
            serial_no: listed.serial,
            effective_time: '2020-01-01T00:00:00+08:00',
            expire_time: '2049-12-31T23:59:59+08:00',
            encrypt_certificate: { algorithm: 'AEAD_AES_256_GCM', nonce, associated_data: 'certificate', ciphertext },
          },
        ],
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signatureNonce = randomBytes(16).toString('hex');
      const signature = sign('sha256', Buffer.from(`${timestamp}\n${signatureNonce}\n${body}\n`), listed.privateKey).toString('base64');
      const headers = {
        'Content-Type': 'application/json',
        'Wechatpay-Timestamp': timestamp,
        'Wechatpay-Nonce': signatureNonce,
        'Wechatpay-Signature': signature,
        'Wechatpay-Serial': listed.serial,
      };
      return new HttpResponse(body, { headers });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it.each([
    ['a 1024-bit RSA key', { serial: WEAK_SERIAL, certificate: weakCertificate, privateKey: weak.privateKey }, TOO_SHORT],
    ['an EC key', { serial: EC_SERIAL, certificate: ecCertificate, privateKey: ec.privateKey }, 'must be an RSA key, got ec'],
  ])('refuses a listing whose certificate holds %s, and trusts nothing from it', async (_, certificate, detail) => {
    listed = certificate;
    const instance = Builder.factory({ ...good, certs: {}, apiV3Key, platformCertificates: { interval: 2 ** 31 - 1 }, transport: fetchTransport() });
    try {
      const error = await failure(() => instance.getDriver().certificates!.refreshAsync());
      expectRefused(error, 'platformCertificates', `the key of certificate ${certificate.serial} (from v3/certificates) ${detail}`);
      expect(instance.getDriver().certificates!.certificates).toEqual([]);
    } finally {
      await instance.getDriver().close();
    }
  });
});
