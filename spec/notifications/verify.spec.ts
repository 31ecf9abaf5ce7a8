import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { Headers as UndiciHeaders } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConfigError, Notification, NotificationError, VerificationError } from 'wechatpay-ts';
import { handSigned } from '../support/hand-signed-callback.js';
import { thrown } from '../support/failures.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_0114232134912410000000000000';
const API_V3_KEY = 'Kt8wZP3x7Yv5QeRfT2gH9jLmN4bC6dA1';
const notification = new Notification({ apiV3Key: API_V3_KEY, certs: { [SERIAL]: publicKey } });
const RESOURCE = { mchid: '1900000001', out_trade_no: '订单1217752501', amount: { total: 100, currency: 'CNY' }, promotion_detail: [{ amount: 1 }] };
const signed = (options: Omit<Parameters<typeof handSigned>[0], 'privateKey' | 'serial' | 'apiV3Key'> = {}) =>
  handSigned({ privateKey, serial: SERIAL, apiV3Key: API_V3_KEY, resource: RESOURCE, ...options });

/** The ciphertext `signed()` makes (its nonce is fixed), with the lowest bit of its first byte flipped. */
function flipped(): string {
  const bytes = Buffer.from((JSON.parse(signed().body) as { resource: { ciphertext: string } }).resource.ciphertext, 'base64');
  bytes[0]! ^= 1;
  return bytes.toString('base64');
}

describe('Notification.verify', () => {
  it('returns the envelope with the decrypted resource of a callback signed and encrypted independently', () => {
    const { body, headers } = signed();
    expect(notification.verify({ body, headers })).toEqual({
      id: 'EV-2018022511223320873',
      create_time: '2015-05-20T13:29:35+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      original_type: 'transaction',
      resource: RESOURCE,
    });
  });

  it.each([
    ['a string', (body: string) => body],
    ['a Buffer', (body: string) => Buffer.from(body)],
    ['a Uint8Array inside a larger buffer', (body: string) => new Uint8Array(Buffer.from(`xx${body}yy`)).subarray(2, 2 + Buffer.byteLength(body))],
    ['an ArrayBuffer', (body: string) => new Uint8Array(Buffer.from(body)).buffer],
  ])('takes the body as %s', (_, make) => {
    const { body, headers } = signed();
    expect(notification.verify({ body: make(body), headers }).resource).toEqual(RESOURCE);
  });

  it.each([
    ['WHATWG Headers', (headers: Record<string, string>) => new Headers(headers)],
    ["the undici package's own Headers class", (headers: Record<string, string>) => new UndiciHeaders(headers)],
    [
      "node's lower-case req.headers",
      (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    ],
    [
      'a record in upper case, with one-item arrays',
      (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), [v]])),
    ],
  ])('takes the headers as %s', (_, make) => {
    const { body, headers } = signed();
    expect(notification.verify({ body, headers: make(headers) }).event_type).toBe('TRANSACTION.SUCCESS');
  });

  it('refuses a body that was parsed and serialised again (its bytes differ from what was signed)', () => {
    const { body, headers } = signed();
    const error = thrown(() => notification.verify({ body: JSON.stringify(JSON.parse(body)), headers }));
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({ reason: 'signature', requestId: '08F78BB5AF0D11EDA1DE5254006F0A5C' });
  });

  it.each([
    ['a parsed object', { id: 'x' }],
    ['undefined', undefined],
    ['a number', 42],
  ])('refuses %s as the body, pointing to the raw body', (_, body) => {
    const { headers } = signed();
    const error = thrown(() => notification.verify({ body: body as never, headers }));
    expect(error).toBeInstanceOf(NotificationError);
    expect(error).toMatchObject({ name: 'NotificationError', reason: 'body', code: 'ERR_NOTIFICATION_BODY' });
    expect((error as Error).message).toMatch(/raw body .*before any JSON body parser/);
  });

  it('refuses a header value that cannot be a header (treated as missing)', () => {
    const { body, headers } = signed();
    const error = thrown(() => notification.verify({ body, headers: { ...headers, 'Wechatpay-Nonce': 'a\nb' } }));
    expect(error).toMatchObject({ name: 'VerificationError', reason: 'headers', message: expect.stringMatching(/lacks Wechatpay-Nonce$/) });
  });

  it('refuses a signature by another key under a known serial', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { body, headers } = handSigned({ privateKey: other, serial: SERIAL, apiV3Key: API_V3_KEY });
    expect(thrown(() => notification.verify({ body, headers }))).toMatchObject({ name: 'VerificationError', reason: 'signature' });
  });

  it.each([
    ['a body that is not JSON', { body: 'not json' }, 'body', /not JSON/],
    ['a body that is a JSON array', { body: '[]' }, 'body', /not a JSON object/],
    ['an envelope without event_type', { envelope: { event_type: undefined } }, 'body', /no event_type/],
    ['an envelope without resource', { envelope: { resource: 'x' } }, 'body', /no resource object/],
    [
      'another algorithm',
      { envelope: { resource: { algorithm: 'AEAD_AES_128_GCM', ciphertext: 'x', nonce: 'y' } } },
      'algorithm',
      /AEAD_AES_128_GCM/,
    ],
    [
      'a ciphertext that is not a string',
      { envelope: { resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: 1, nonce: 'y' } } },
      'body',
      /ciphertext/,
    ],
    ['a resource that is not JSON once decrypted', { plaintext: 'secret-plaintext{' }, 'resource', /not JSON/],
    ['a resource that is a JSON string once decrypted', { plaintext: '"secret-plaintext"' }, 'resource', /not a JSON object/],
    ['an empty nonce', { resourceFields: { nonce: '' } }, 'decryption', /could not be decrypted/],
    ['another nonce', { resourceFields: { nonce: '0123456789ab' } }, 'decryption', /could not be decrypted/],
    ['associated_data changed after encryption', { resourceFields: { associated_data: 'refund' } }, 'decryption', /could not be decrypted/],
    ['associated_data left out', { resourceFields: { associated_data: undefined } }, 'decryption', /could not be decrypted/],
    ['a ciphertext with one bit flipped', { resourceFields: { ciphertext: flipped() } }, 'decryption', /could not be decrypted/],
  ])('signed, but %s: a NotificationError', (_, options, reason, message) => {
    const { body, headers } = signed(options);
    const error = thrown(() => notification.verify({ body, headers }));
    expect(error).toBeInstanceOf(NotificationError);
    expect(error).toMatchObject({ reason, code: `ERR_NOTIFICATION_${reason.toUpperCase()}`, requestId: '08F78BB5AF0D11EDA1DE5254006F0A5C' });
    expect((error as Error).message).toMatch(message);
    expect(inspect(error, { depth: 5 })).not.toContain('secret-plaintext');
  });

  it('never shows the APIv3 key or the plaintext in an error, nor the keys in the instance', () => {
    const other = new Notification({ apiV3Key: 'Z'.repeat(32), certs: { [SERIAL]: publicKey } });
    const { body, headers } = signed({ resource: { marker: 'secret-plaintext' } });
    const error = thrown(() => other.verify({ body, headers }));
    expect(error).toMatchObject({ reason: 'decryption' });
    for (const shown of [inspect(error, { depth: 10 }), JSON.stringify(error), inspect(notification, { depth: 10 }), JSON.stringify(notification)]) {
      expect(shown).not.toContain('Z'.repeat(32));
      expect(shown).not.toContain(API_V3_KEY);
      expect(shown).not.toContain('secret-plaintext');
    }
  });
});

describe('new Notification', () => {
  const certs = { [SERIAL]: publicKey };

  it.each([
    ['no options', undefined, 'options', /must be an object/],
    ['no apiV3Key', { certs }, 'apiV3Key', /is required/],
    ['an APIv3 key of 31 characters', { apiV3Key: 'k'.repeat(31), certs }, 'apiV3Key', /must be 32 bytes long, got 31/],
    ['no certs', { apiV3Key: API_V3_KEY }, 'certs', /at least one/],
    ['empty certs', { apiV3Key: API_V3_KEY, certs: {} }, 'certs', /at least one/],
    ['a cert that is not a key', { apiV3Key: API_V3_KEY, certs: { [SERIAL]: 'not a key' } }, `certs['${SERIAL}']`, /could not be read/],
    ['a serial with a space', { apiV3Key: API_V3_KEY, certs: { 'PUB KEY': publicKey } }, "certs['PUB KEY']", /visible ASCII/],
    ['a clock that is not a function', { apiV3Key: API_V3_KEY, certs, clock: 5 }, 'clock', /must be a function/],
    [
      'a typo',
      { apiV3key: API_V3_KEY, certs },
      'apiV3key',
      /^apiV3key: is not an option of new Notification\(\) \(did you mean apiV3Key\?\); known options: apiV3Key, certs, clock, store$/,
    ],
  ])('refuses %s with a ConfigError naming the option', (_, options, option, message) => {
    const error = thrown(() => new Notification(options as never));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ name: 'ConfigError', field: option });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('k'.repeat(31));
  });

  it('uses the clock it is given for the 300 s window', () => {
    const { body, headers } = signed({ timestamp: 1_700_000_000 });
    const at = (seconds: number) => new Notification({ apiV3Key: API_V3_KEY, certs, clock: () => seconds * 1000 });
    expect(at(1_700_000_300).verify({ body, headers }).id).toBe('EV-2018022511223320873');
    expect(thrown(() => at(1_700_000_301).verify({ body, headers }))).toMatchObject({ reason: 'timestamp' });
    expect(thrown(() => at(1_699_999_699).verify({ body, headers }))).toMatchObject({ reason: 'timestamp' });
  });
});

describe('Notification.reply', () => {
  it('answers 204 with no body on success', () => {
    expect(notification.reply()).toEqual({ status: 204, headers: {}, body: undefined });
  });

  it.each([
    [new VerificationError('headers', 'x'), 401, 'missing Wechatpay-* signature headers (ERR_VERIFICATION_HEADERS)'],
    [new VerificationError('timestamp', 'x'), 401, 'Wechatpay-Timestamp is outside the accepted window (ERR_VERIFICATION_TIMESTAMP)'],
    [new VerificationError('serial', 'certs has PUB_KEY_ID_SECRET'), 401, 'unknown Wechatpay-Serial (ERR_VERIFICATION_SERIAL)'],
    [new VerificationError('signature', 'x'), 401, 'signature verification failed (ERR_VERIFICATION_SIGNATURE)'],
    [new NotificationError('body', 'x'), 400, 'malformed notification body (ERR_NOTIFICATION_BODY)'],
    [new NotificationError('size', 'x'), 413, 'notification body too large (ERR_NOTIFICATION_SIZE)'],
    [new NotificationError('algorithm', 'x'), 400, 'unsupported resource algorithm (ERR_NOTIFICATION_ALGORITHM)'],
    [new NotificationError('decryption', 'x'), 400, 'resource decryption failed (ERR_NOTIFICATION_DECRYPTION)'],
    [new NotificationError('resource', 'x'), 400, 'malformed resource (ERR_NOTIFICATION_RESOURCE)'],
    [new Error('connection string postgres://u:pw@db'), 500, 'the notification could not be processed'],
    ['a thrown string', 500, 'the notification could not be processed'],
  ])('answers %s with %i and a fixed message', (error, status, message) => {
    expect(notification.reply(error)).toEqual({
      status,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: { code: 'FAIL', message },
    });
  });
});
