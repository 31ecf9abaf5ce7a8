import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Certificate, ConfigError, type CertificateInput } from 'wechatpay-ts';
import { MERCHANT_SERIAL, PLATFORM_CERT_SERIAL, fixture, fixtureUrl } from '../support/fixtures.js';
import { thrown } from '../support/failures.js';

/** What `openssl x509 -noout -serial -startdate -enddate -dateopt iso_8601` read from a certificate. */
function openssl(name: string): { serial: string; validFrom: Date; validTo: Date } {
  const fields = Object.fromEntries(
    fixture(name)
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
  const date = (text: string | undefined) => new Date(String(text).replace(' ', 'T'));
  return { serial: String(fields.serial), validFrom: date(fields.notBefore), validTo: date(fields.notAfter) };
}

describe('Certificate', () => {
  it.each([
    ['platform-cert.pem', 'platform-cert.txt', PLATFORM_CERT_SERIAL],
    ['merchant-cert.pem', 'merchant-cert.txt', MERCHANT_SERIAL],
    ['zero-serial-cert.pem', 'zero-serial-cert.txt', '0C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F'],
  ])('reads the serial and validity of %s as openssl does', (pem, facts, serial) => {
    const expected = openssl(facts);
    expect(expected.serial).toBe(serial);
    expect(Certificate.serial(fixture(pem))).toBe(serial);
    expect(Certificate.validity(fixture(pem))).toEqual({ validFrom: expected.validFrom, validTo: expected.validTo });
  });

  it.each<[string, CertificateInput]>([
    ['PEM text', fixture('merchant-cert.pem')],
    ['PEM bytes', Buffer.from(fixture('merchant-cert.pem'))],
    ['DER bytes', new Uint8Array(Buffer.from(fixture('merchant-cert.b64'), 'base64'))],
    ['a file:// URL string', fixtureUrl('merchant-cert.pem')],
    ['a URL object', new URL(fixtureUrl('merchant-cert.pem'))],
  ])('loads from %s', (_, input) => {
    const certificate = Certificate.load(input);
    expect(certificate).toBeInstanceOf(X509Certificate);
    expect(Certificate.serial(certificate)).toBe(MERCHANT_SERIAL);
  });

  it('passes an X509Certificate through', () => {
    const certificate = new X509Certificate(fixture('platform-cert.pem'));
    expect(Certificate.load(certificate)).toBe(certificate);
  });

  it('isValidAt includes both ends of the validity period and nothing outside it', () => {
    const { validFrom, validTo } = openssl('platform-cert.txt');
    const pem = fixture('platform-cert.pem');
    expect(Certificate.isValidAt(pem, validFrom)).toBe(true);
    expect(Certificate.isValidAt(pem, validTo)).toBe(true);
    expect(Certificate.isValidAt(pem, validFrom.getTime() - 1000)).toBe(false);
    expect(Certificate.isValidAt(pem, new Date(validTo.getTime() + 1000))).toBe(false);
    expect(Certificate.isValidAt(pem, new Date('2000-01-01T00:00:00Z'))).toBe(false);
  });

  it('isValidAt defaults to now', () => {
    const { validFrom, validTo } = openssl('platform-cert.txt');
    const now = Date.now();
    expect(Certificate.isValidAt(fixture('platform-cert.pem'))).toBe(validFrom.getTime() <= now && now <= validTo.getTime());
    expect(now).toBeGreaterThanOrEqual(validFrom.getTime());
  });

  it.each<[string, unknown, string | RegExp]>([
    [
      'text that is not PEM',
      'not a certificate',
      'certificate: could not be read as an X.509 certificate from text: it is not PEM (no -----BEGIN line)',
    ],
    [
      'a private key',
      fixture('merchant-key.pem'),
      "certificate: could not be read as an X.509 certificate from PEM 'PRIVATE KEY': it is not a certificate",
    ],
    [
      'a public key',
      fixture('merchant-pub.pem'),
      "certificate: could not be read as an X.509 certificate from PEM 'PUBLIC KEY': it is not a certificate",
    ],
    [
      'bytes that are no certificate',
      Buffer.from('0123456789'),
      /^certificate: could not be read as an X\.509 certificate from DER bytes \(ERR_OSSL_[A-Z0-9_]+\)$/,
    ],
    [
      'a damaged certificate',
      fixture('platform-cert.pem').replace(/\n[A-Za-z0-9+/]{64}\n/, `\n${'A'.repeat(64)}\n`),
      /^certificate: could not be read as an X\.509 certificate from PEM 'CERTIFICATE' \(ERR_OSSL_[A-Z0-9_]+\)$/,
    ],
    [
      'a file that does not exist',
      'file:///nonexistent/apiclient_cert.pem',
      'certificate: cannot read file:///nonexistent/apiclient_cert.pem: ENOENT',
    ],
    ['a number', 42, 'certificate: must be a PEM string, PEM or DER bytes, a file:// URL or an X509Certificate'],
  ])('%s is a ConfigError', (_, input, message) => {
    const error = thrown(() => Certificate.load(input as CertificateInput));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ name: 'ConfigError', field: 'certificate' });
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    if (typeof input === 'string') {
      for (const line of input.split('\n').filter((l) => /^[A-Za-z0-9+/=]{20,}$/.test(l)))
        expect(`${error.message}${String(error.stack)}`).not.toContain(line);
    }
  });
});
