import { createPublicKey, createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Builder, ConfigError, ParameterError, Rsa, type ClientConfig, type KeyInput } from 'wechatpay-ts';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture, fixtureUrl } from '../support/fixtures.js';
import { thrown } from '../support/failures.js';

const merchantPem = fixture('merchant-key.pem');
const passphrase = fixture('merchant-key.passphrase');
const encryptedPem = fixture('merchant-key-encrypted.pem');
const der = (name: string) => Buffer.from(fixture(name), 'base64');

/** The merchant public key as openssl wrote it, in a form to compare with: SPKI DER. */
const merchantSpki = createPublicKey(fixture('merchant-pub.pem')).export({ type: 'spki', format: 'der' });
const spkiOf = (key: KeyObject) => (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' });

describe('Rsa.from loads the merchant private key', () => {
  it.each<[string, KeyInput]>([
    ['PKCS#8 PEM text', merchantPem],
    ['PKCS#8 PEM bytes', Buffer.from(merchantPem)],
    ['PKCS#1 PEM (RSA PRIVATE KEY)', fixture('merchant-key-pkcs1.pem')],
    ['encrypted PKCS#8 PEM with its passphrase', { key: encryptedPem, passphrase }],
    ['encrypted PKCS#8 PEM with the passphrase as bytes', { key: Buffer.from(encryptedPem), passphrase: Buffer.from(passphrase) }],
    ['encrypted PKCS#8 PEM from a file:// URL', { key: new URL(fixtureUrl('merchant-key-encrypted.pem')), passphrase }],
    ['encrypted PKCS#1 PEM with its passphrase', { key: fixture('merchant-key-pkcs1-encrypted.pem'), passphrase }],
    ['PKCS#8 DER bytes', der('merchant-key-pkcs8.b64')],
    ['PKCS#1 DER as a Uint8Array', new Uint8Array(der('merchant-key-pkcs1.b64'))],
    ['a file:// URL string', fixtureUrl('merchant-key.pem')],
    ['a URL object', new URL(fixtureUrl('merchant-key-pkcs1.pem'))],
    ['a private.pkcs8:// string', `private.pkcs8://${fixture('merchant-key-pkcs8.b64')}`],
    ['a private.pkcs1:// string', `private.pkcs1://${fixture('merchant-key-pkcs1.b64')}`],
    ['a private.pkcs8:// string broken into lines', `private.pkcs8://${fixture('merchant-key-pkcs8.b64').replace(/.{64}/g, '$&\n')}`],
  ])('from %s', (_, input) => {
    const key = Rsa.from(input, 'private');
    expect(key.type).toBe('private');
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(spkiOf(key).equals(merchantSpki)).toBe(true);
  });

  it('returns a private KeyObject as it is', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(Rsa.from(privateKey, 'private')).toBe(privateKey);
  });
});

describe('Rsa.from loads the merchant public key', () => {
  it.each<[string, KeyInput]>([
    ['SPKI PEM (PUBLIC KEY)', fixture('merchant-pub.pem')],
    ['PKCS#1 PEM (RSA PUBLIC KEY)', fixture('merchant-pub-pkcs1.pem')],
    ['an X.509 certificate PEM', fixture('merchant-cert.pem')],
    ['an X.509 certificate from a file:// URL', fixtureUrl('merchant-cert.pem')],
    ['an X.509 certificate in DER', der('merchant-cert.b64')],
    ['SPKI DER bytes', der('merchant-pub-spki.b64')],
    ['PKCS#1 DER bytes', der('merchant-pub-pkcs1.b64')],
    ['a public.spki:// string', `public.spki://${fixture('merchant-pub-spki.b64')}`],
    ['a public.pkcs1:// string', `public.pkcs1://${fixture('merchant-pub-pkcs1.b64')}`],
    ['the private key (its public half)', merchantPem],
    ['a private.pkcs1:// string (its public half)', `private.pkcs1://${fixture('merchant-key-pkcs1.b64')}`],
    ['the encrypted private key with its passphrase (its public half)', { key: encryptedPem, passphrase }],
  ])('from %s', (_, input) => {
    const key = Rsa.from(input, 'public');
    expect(key.type).toBe('public');
    expect(spkiOf(key).equals(merchantSpki)).toBe(true);
  });

  it('from a private KeyObject, its public half', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = Rsa.from(privateKey, 'public');
    expect(key.type).toBe('public');
    expect(spkiOf(key).equals(spkiOf(publicKey))).toBe(true);
  });
});

/** Everything an error shows when logged: message, inspect (stack and cause included) and JSON. */
function shown(error: unknown): string {
  return `${(error as Error).message}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;
}

/** The lines of key material that must never appear in an error: runs of 20 or more base64 characters. */
function secretLines(input: unknown): string[] {
  const material = (input as { key?: unknown } | null)?.key ?? input;
  const text = typeof material === 'string' ? material : material instanceof Uint8Array ? Buffer.from(material).toString('base64') : '';
  return text.split(/\n|:\/\//).filter((line) => /^[A-Za-z0-9+/=!]{20,}$/.test(line));
}

const corrupted = merchantPem.replace(/[A-Za-z]{8}\n/, 'AAAAAAAA\n').replace('MII', 'MIX');
const pkcs8 = fixture('merchant-key-pkcs8.b64');
const lead = 'key: could not be read as an RSA';
/** Which ASN.1 complaint OpenSSL raises for bytes that are no key depends on its version; the format named does not. */
const openssl = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(ERR_OSSL_[A-Z0-9_]+\\)$`);

describe('Rsa.from refuses what it cannot load, naming the format and showing no key', () => {
  it.each<[string, unknown, 'private' | 'public', string | RegExp]>([
    ['a public key as private key', fixture('merchant-pub.pem'), 'private', `${lead} private key from SPKI PEM: it holds a public key`],
    [
      'an RSA PUBLIC KEY as private key',
      fixture('merchant-pub-pkcs1.pem'),
      'private',
      `${lead} private key from PKCS#1 public key PEM: it holds a public key`,
    ],
    [
      'a certificate as private key',
      fixture('merchant-cert.pem'),
      'private',
      `${lead} private key from X.509 certificate PEM: a certificate holds no private key (the merchant key is apiclient_key.pem)`,
    ],
    [
      'an encrypted key without passphrase',
      encryptedPem,
      'private',
      `${lead} private key from encrypted PKCS#8 PEM: it is encrypted; pass { key, passphrase }`,
    ],
    [
      'an encrypted PKCS#1 key without passphrase',
      fixture('merchant-key-pkcs1-encrypted.pem'),
      'private',
      `${lead} private key from encrypted PKCS#1 PEM: it is encrypted; pass { key, passphrase }`,
    ],
    [
      'an encrypted PKCS#1 key with a wrong passphrase',
      { key: fixture('merchant-key-pkcs1-encrypted.pem'), passphrase: 'not the passphrase' },
      'private',
      `${lead} private key from encrypted PKCS#1 PEM: wrong passphrase`,
    ],
    [
      'an encrypted key with a wrong passphrase',
      { key: encryptedPem, passphrase: 'not the passphrase' },
      'private',
      `${lead} private key from encrypted PKCS#8 PEM: wrong passphrase`,
    ],
    ['a damaged PKCS#8 PEM', corrupted, 'private', `${lead} private key from PKCS#8 PEM (ERR_OSSL_UNSUPPORTED)`],
    ['a damaged PKCS#8 PEM as public key', corrupted, 'public', `${lead} public key from PKCS#8 PEM (ERR_OSSL_UNSUPPORTED)`],
    [
      'a public.spki:// string as private key',
      `public.spki://${fixture('merchant-pub-spki.b64')}`,
      'private',
      `${lead} private key from public.spki:// string: it holds a public key`,
    ],
    [
      'an unknown protocol',
      `private.pkcs7://${pkcs8}`,
      'private',
      `${lead} private key from private.pkcs7:// string: unknown protocol; use one of private.pkcs1://, private.pkcs8://, public.pkcs1://, public.spki://`,
    ],
    [
      'a protocol string that is not base64',
      `private.pkcs8://${pkcs8.slice(0, 100)}!${pkcs8.slice(100)}`,
      'private',
      `${lead} private key from private.pkcs8:// string: the text after the prefix is not base64`,
    ],
    [
      'a protocol string naming the wrong structure',
      `private.pkcs8://${fixture('merchant-pub-spki.b64')}`,
      'private',
      openssl(`${lead} private key from private.pkcs8:// string`),
    ],
    [
      'bare base64 DER as private key',
      pkcs8,
      'private',
      `${lead} private key from text: it is not PEM (no -----BEGIN line); for bare base64 DER, prefix it with one of private.pkcs1://, private.pkcs8://`,
    ],
    [
      'bare base64 DER as public key',
      fixture('merchant-pub-spki.b64'),
      'public',
      `${lead} public key from text: it is not PEM (no -----BEGIN line); for bare base64 DER, prefix it with one of private.pkcs1://, private.pkcs8://, public.pkcs1://, public.spki://`,
    ],
    [
      'a file path as text',
      '/etc/wechatpay/apiclient_key.pem',
      'private',
      `${lead} private key from text: it is not PEM (no -----BEGIN line); to read a file, pass a file:// URL (e.g. pathToFileURL(path))`,
    ],
    ['DER bytes that are no key', Buffer.from('this is not DER at all'), 'private', openssl(`${lead} private key from DER bytes (PKCS#8 or PKCS#1)`)],
    [
      'an EC key',
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
      'private',
      'key: must be an RSA key, got ec',
    ],
    ['a secret KeyObject', createSecretKey(Buffer.alloc(32, 1)), 'public', 'key: expected a public key, got a secret KeyObject'],
    ['a public KeyObject as private key', createPublicKey(merchantPem), 'private', 'key: expected a private key, got a public KeyObject'],
    [
      'a file that does not exist',
      'file:///nonexistent/apiclient_key.pem',
      'private',
      'key: cannot read file:///nonexistent/apiclient_key.pem: ENOENT',
    ],
    ['an empty string', '  ', 'private', 'key: is empty'],
    ['empty bytes', new Uint8Array(0), 'public', 'key: is empty'],
    ['a number', 42, 'private', 'key: must be a PEM string, a Buffer, a KeyObject, a file:// URL or { key, passphrase }'],
    ['a passphrase that is a number', { key: encryptedPem, passphrase: 1234 }, 'private', 'key: { passphrase } must be a string or bytes'],
    [
      '{ key } holding a KeyObject',
      { key: createPublicKey(merchantPem), passphrase },
      'private',
      'key: { key } must be a PEM string, a Buffer or a file:// URL',
    ],
  ])('%s', (_, input, type, message) => {
    const error = thrown(() => Rsa.from(input as KeyInput, type));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG', field: 'key' });
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    const text = shown(error);
    for (const line of secretLines(input)) expect(text).not.toContain(line);
    const secret = (input as { passphrase?: unknown } | null)?.passphrase;
    if (typeof secret === 'string') expect(text).not.toContain(secret);
  });

  it('keeps only the library code of the underlying failure as cause', () => {
    const error = thrown(() => Rsa.from(corrupted, 'private'));
    expect((error.cause as Error).message).toBe('crypto: ERR_OSSL_UNSUPPORTED');
  });

  it("a type other than 'private' or 'public' is a ParameterError", () => {
    const error = thrown(() => Rsa.from(merchantPem, 'secret' as 'private'));
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ name: 'ParameterError', field: 'type', message: "type: must be 'private' or 'public'" });
  });
});

describe('the client takes the same forms', () => {
  const base: ClientConfig = {
    mchid: '1900000001',
    serial: MERCHANT_SERIAL,
    privateKey: merchantPem,
    certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
  };

  it.each<[string, KeyInput]>([
    ['a private.pkcs8:// string', `private.pkcs8://${pkcs8}`],
    ['a private.pkcs1:// string', `private.pkcs1://${fixture('merchant-key-pkcs1.b64')}`],
    ['an encrypted PKCS#8 key with its passphrase', { key: fixtureUrl('merchant-key-encrypted.pem'), passphrase }],
  ])('privateKey as %s', (_, privateKey) => {
    expect(Builder.factory({ ...base, privateKey }).getDriver().mchid).toBe('1900000001');
  });

  it('a platform key as a public.spki:// string', () => {
    expect(() => Builder.factory({ ...base, certs: { [PUBLIC_KEY_ID]: `public.spki://${fixture('merchant-pub-spki.b64')}` } })).not.toThrow();
  });

  it('names the option when the passphrase is wrong', () => {
    const error = thrown(() => Builder.factory({ ...base, privateKey: { key: encryptedPem, passphrase: 'nope' } }));
    expect(error).toMatchObject({
      name: 'ConfigError',
      field: 'privateKey',
      message: 'privateKey: could not be read as an RSA private key from encrypted PKCS#8 PEM: wrong passphrase',
    });
  });
});
