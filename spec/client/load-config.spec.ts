import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { Builder, ConfigError, fetchTransport, type ClientConfig } from 'wechatpay-ts';
import { MERCHANT_SERIAL, PLATFORM_CERT_SERIAL, PUBLIC_KEY_ID, fixture, fixtureUrl } from '../support/fixtures.js';

const merchantPem = fixture('merchant-key.pem');
const good: ClientConfig = {
  mchid: '1900000001',
  serial: MERCHANT_SERIAL,
  privateKey: merchantPem,
  certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
};

function configError(config: unknown): ConfigError {
  try {
    Builder.factory(config as ClientConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

/** The base64 body of a PEM, which no message may ever show. */
const secretOf = (pem: string) =>
  pem
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');

describe('configuration is checked at factory, naming the option', () => {
  it.each([
    ['no config', undefined, 'config', /must be an object/],
    ['a missing mchid', { ...good, mchid: undefined }, 'mchid', /non-empty string/],
    ['a numeric mchid', { ...good, mchid: 1900000001 }, 'mchid', /e\.g\. '1900000001'/],
    ['a serial with a quote', { ...good, serial: 'AB"C' }, 'serial', /without quotes/],
    ['no private key', { ...good, privateKey: undefined }, 'privateKey', /is required/],
    ['an empty private key', { ...good, privateKey: ' ' }, 'privateKey', /is empty/],
    [
      'a private key file that does not exist',
      { ...good, privateKey: 'file:///nonexistent/apiclient_key.pem' },
      'privateKey',
      /cannot read file:\/\/\/nonexistent\/apiclient_key\.pem: ENOENT/,
    ],
    [
      'a plain file path',
      { ...good, privateKey: '/etc/wechatpay/apiclient_key.pem' },
      'privateKey',
      /pass a file:\/\/ URL \(e\.g\. pathToFileURL\(path\)\)$/,
    ],
    ['a public key as private key', { ...good, privateKey: fixture('platform-pub.pem') }, 'privateKey', /could not be read as an RSA private key/],
    [
      'a non-RSA private key',
      { ...good, privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey },
      'privateKey',
      /must be an RSA key, got ec/,
    ],
    ['no certs', { ...good, certs: undefined }, 'certs', /at least one/],
    ['empty certs', { ...good, certs: {} }, 'certs', /at least one/],
    [
      'the merchant serial in certs',
      { ...good, certs: { [MERCHANT_SERIAL]: fixture('platform-pub.pem') } },
      `certs['${MERCHANT_SERIAL}']`,
      /merchant's own certificate serial/,
    ],
    [
      'a cert that does not parse',
      { ...good, certs: { [PUBLIC_KEY_ID]: 'not a key' } },
      `certs['${PUBLIC_KEY_ID}']`,
      /could not be read as an RSA public key/,
    ],
    ['a baseURL that is not a URL', { ...good, baseURL: 'nope' }, 'baseURL', /not an absolute URL/],
    ['a negative timeout', { ...good, timeout: -1 }, 'timeout', /above 0 and at most 2147483647 .*, got -1$/],
    [
      "a timeout past a timer's range (2^31 ms)",
      { ...good, timeout: 2 ** 31 },
      'timeout',
      /at most 2147483647 \(2\^31 - 1, the longest a timer waits\), got 2147483648$/,
    ],
    ['a NaN timeout', { ...good, timeout: Number.NaN }, 'timeout', /got NaN$/],
    ['an infinite timeout', { ...good, timeout: Number.POSITIVE_INFINITY }, 'timeout', /got Infinity$/],
    ['a timeout given as a string', { ...good, timeout: '5000' }, 'timeout', /must be a number of milliseconds/],
    [
      "a certificate refresh interval past a timer's range",
      { ...good, apiV3Key: 'Kt8wZP3x7Yv5QeRfT2gH9jLmN4bC6dA1', platformCertificates: { interval: 2 ** 31 } },
      'platformCertificates.interval',
      /2147483647/,
    ],
    ['a maxResponseBytes of 0', { ...good, maxResponseBytes: 0 }, 'maxResponseBytes', /positive whole number of bytes, got 0$/],
    ['a fractional maxResponseBytes', { ...good, maxResponseBytes: 1.5 }, 'maxResponseBytes', /positive whole number of bytes, got 1.5$/],
    [
      'a transport and a dispatcher',
      { ...good, transport: fetchTransport(), dispatcher: new Agent() },
      'dispatcher',
      /cannot be combined with transport/,
    ],
    ['a clock that is not a function', { ...good, clock: 5 }, 'clock', /must be a function/],
    [
      'a header with a line break',
      { ...good, headers: { 'X-Tenant': 't1\r\nInjected: 1' } },
      'headers.X-Tenant',
      /is not a valid header: .* without CR, LF or NUL$/,
    ],
    ['a header name with a space', { ...good, headers: { 'X Tenant': 't1' } }, 'headers.X Tenant', /is not a valid header/],
    ['a header value beyond Latin-1', { ...good, headers: { 'X-Tenant': '租户' } }, 'headers.X-Tenant', /is not a valid header/],
    ['a header value that is not a string', { ...good, headers: { 'X-Tenant': 1 } }, 'headers.X-Tenant', /must be a string, got number/],
    [
      'a file URL that is no URL',
      { ...good, privateKey: 'file://[broken' },
      'privateKey',
      /^privateKey: cannot read file:\/\/\[broken: ERR_INVALID_URL$/,
    ],
    [
      'a platformCertificates interval of 0',
      { ...good, apiV3Key: 'a'.repeat(32), platformCertificates: { interval: 0 } },
      'platformCertificates.interval',
      /from 1 to 2147483647/,
    ],
    [
      'a platformCertificates interval past setInterval',
      { ...good, apiV3Key: 'a'.repeat(32), platformCertificates: { interval: 2 ** 31 } },
      'platformCertificates.interval',
      /from 1 to 2147483647/,
    ],
    [
      'a platformCertificates retryAfter of NaN',
      { ...good, apiV3Key: 'a'.repeat(32), platformCertificates: { retryAfter: Number.NaN } },
      'platformCertificates.retryAfter',
      /0 or more/,
    ],
    [
      'a platformCertificates onError that is no function',
      { ...good, apiV3Key: 'a'.repeat(32), platformCertificates: { onError: 'log' } },
      'platformCertificates.onError',
      /must be a function/,
    ],
  ])('%s', (_, config, option, message) => {
    const error = configError(config);
    expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG', field: option });
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${option}: `)).toBe(true);
  });

  it("never repeats a configured header's value (it may be a credential)", () => {
    const error = configError({ ...good, headers: { 'X-Gateway-Token': 'gw-secret-123\r\nX-Other: 1' } });
    expect(`${error.message}\n${inspect(error)}\n${JSON.stringify(error)}`).not.toContain('gw-secret-123');
  });

  it('never repeats key material in the error', () => {
    const broken = merchantPem.replace(/[A-Za-z]{8}\n/, 'AAAAAAAA\n').replace('MII', 'MIX');
    for (const error of [configError({ ...good, privateKey: broken }), configError({ ...good, certs: { [PUBLIC_KEY_ID]: broken } })]) {
      const shown = `${error.message}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;
      for (const line of broken.split('\n').filter((l) => l.length > 20)) expect(shown).not.toContain(line);
    }
  });
});

describe('keys are accepted in the forms users hold them', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = (key: KeyObject, type: 'pkcs1' | 'pkcs8' | 'spki') => key.export({ format: 'der', type } as never) as Buffer;
  it.each([
    ['a PEM string', merchantPem],
    ['a PEM Buffer', Buffer.from(merchantPem)],
    ['a KeyObject', pair.privateKey],
    ['a file:// URL string', fixtureUrl('merchant-key.pem')],
    ['a URL object', new URL(fixtureUrl('merchant-key.pem'))],
    ['PKCS#8 DER bytes', der(pair.privateKey, 'pkcs8')],
    ['PKCS#1 DER bytes', der(pair.privateKey, 'pkcs1')],
    ['a PKCS#1 PEM', pair.privateKey.export({ format: 'pem', type: 'pkcs1' })],
  ])('private key as %s', (_, privateKey) => {
    expect(Builder.factory({ ...good, privateKey }).getDriver().mchid).toBe('1900000001');
  });

  it.each([
    ['an X.509 certificate', fixture('platform-cert.pem')],
    ['an SPKI PEM', fixture('platform-pub.pem')],
    ['a PKCS#1 RSA PUBLIC KEY PEM', fixture('platform-pub-pkcs1.pem')],
    ['SPKI DER bytes', der(pair.publicKey, 'spki')],
    ['a public KeyObject', pair.publicKey],
    ['a private KeyObject (its public half is used)', pair.privateKey],
  ])('platform key as %s', (_, key) => {
    expect(() => Builder.factory({ ...good, certs: { [PLATFORM_CERT_SERIAL]: key } })).not.toThrow();
  });
});

describe('a client shows no secret', () => {
  it('in inspect and JSON output', () => {
    const instance = Builder.factory({ ...good, headers: { 'X-Tenant': 't1' } });
    const driver = instance.getDriver();
    const shown = [inspect(driver, { depth: 10 }), JSON.stringify(driver), inspect(instance), JSON.stringify(instance)].join('\n');
    expect(shown).not.toContain(secretOf(merchantPem).slice(0, 40));
    expect(inspect(driver)).toBe(
      "Client {\n  mchid: '1900000001',\n  baseURL: 'https://api.mch.weixin.qq.com/',\n  backupBaseURL: 'https://api2.wechatpay.cn/',\n  transport: 'undici',\n  stack: [ 'encryptor', 'retry', 'signer', 'verifier' ]\n}",
    );
  });
});

describe('a typo in the configuration is refused, naming it and the option meant', () => {
  it.each([
    ['timout', { ...good, timout: 5 }, 'timout', 'Builder.factory', 'timeout'],
    ['baseUrl', { ...good, baseUrl: 'https://api.mch.weixin.qq.com/' }, 'baseUrl', 'Builder.factory', 'baseURL'],
    ['apiv3Key', { ...good, apiv3Key: 'a'.repeat(32) }, 'apiv3Key', 'Builder.factory', 'apiV3Key'],
    ['cert', { ...good, cert: {} }, 'cert', 'Builder.factory', 'certs'],
    ['privateKeyy', { ...good, privateKeyy: merchantPem }, 'privateKeyy', 'Builder.factory', 'privateKey'],
    [
      'platformCertificates.intervall',
      { ...good, apiV3Key: 'a'.repeat(32), platformCertificates: { intervall: 1000 } },
      'platformCertificates.intervall',
      'platformCertificates',
      'interval',
    ],
    ['merchant.passphase', { ...good, merchant: { cert: 'x', key: 'y', passphase: 'z' } }, 'merchant.passphase', 'merchant', 'passphrase'],
    ['tls.cas', { ...good, tls: { cas: 'x' } }, 'tls.cas', 'tls', 'ca'],
  ])('%s', (_, config, field, where, meant) => {
    const error = configError(config);
    expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG', field });
    expect(error.message).toMatch(
      new RegExp(`^${field.replace(/\./g, '\\.')}: is not an option of ${where} \\(did you mean ${meant}\\?\\); known options: `),
    );
  });

  it('lists every known option, and guesses nothing for a key that is near none', () => {
    const error = configError({ ...good, proxy: 'http://127.0.0.1:8080' });
    expect(error.message).toBe(
      'proxy: is not an option of Builder.factory; known options: mchid, serial, privateKey, certs, secret, merchant, tls, apiV3Key, platformCertificates, baseURL, backupBaseURL, failover, retry, timeout, maxResponseBytes, headers, transport, dispatcher, clock, nonce',
    );
  });
});

describe('a client shows its summary, never a credential', () => {
  it('a baseURL with user and password shows neither, in the client or the chain root', () => {
    const instance = Builder.factory({ ...good, baseURL: 'https://user:hunter2@api.mch.weixin.qq.com/' });
    const shown = [inspect(instance), inspect(instance.getDriver()), JSON.stringify(instance.getDriver())].join('\n');
    expect(shown).not.toContain('hunter2');
    expect(inspect(instance)).toBe('[Wechatpay chain root: mchid 1900000001, baseURL https://api.mch.weixin.qq.com/]');
  });
});
