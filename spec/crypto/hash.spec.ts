import { createHash, createSecretKey, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, Hash, ParameterError, WechatpayError } from 'wechatpay-ts';
import { thrown } from '../support/failures.js';

describe('Hash digests against published vectors', () => {
  it.each([
    ['md5', '', 'd41d8cd98f00b204e9800998ecf8427e'], // RFC 1321
    ['md5', 'abc', '900150983cd24fb0d6963f7d28e17f72'], // RFC 1321
    ['sha1', 'abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'], // FIPS 180
    ['sha256', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'], // FIPS 180
    ['sha256', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'], // FIPS 180
  ] as const)('%s(%j)', (name, data, digest) => {
    expect(Hash[name](data)).toBe(digest);
    expect(Hash[name](Buffer.from(data))).toBe(digest);
  });

  it('hmacSha256: RFC 4231 test case 2, with the key as text, bytes or a KeyObject', () => {
    const expected = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    for (const key of ['Jefe', Buffer.from('Jefe'), createSecretKey(Buffer.from('Jefe'))]) {
      expect(Hash.hmacSha256('what do ya want for nothing?', key)).toBe(expected);
    }
  });
});

describe('Hash.sign: the APIv2 signature', () => {
  // The worked example of WeChat Pay's APIv2 signing rules (签名算法): its payload, key and both published signatures.
  const payload = { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' };
  const key = createSecretKey(Buffer.from('192006250b4c09247ec02edce69f6a2d'));

  it('MD5, as published', () => {
    expect(Hash.sign('MD5', payload, key)).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
  });

  it('HMAC-SHA256, as published', () => {
    expect(Hash.sign('HMAC-SHA256', payload, key)).toBe('6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6');
  });

  it('takes the APIv2 key as text, bytes or a secret KeyObject, with the same signature', () => {
    for (const form of [
      '192006250b4c09247ec02edce69f6a2d',
      Buffer.from('192006250b4c09247ec02edce69f6a2d'),
      new Uint8Array(Buffer.from('192006250b4c09247ec02edce69f6a2d')),
      key,
    ]) {
      expect(Hash.sign('MD5', payload, form)).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
      expect(Hash.sign('HMAC-SHA256', payload, form)).toBe('6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6');
    }
  });

  it.each([
    ['text of 31 characters', '192006250b4c09247ec02edce69f6a2', /must be 32 bytes long, got 31$/],
    ['text of 33 characters', '192006250b4c09247ec02edce69f6a2dX', /must be 32 bytes long, got 33$/],
    ['bytes of 5', Buffer.from('short'), /must be 32 bytes long, got 5$/],
    ['a KeyObject of 5 bytes', createSecretKey(Buffer.from('short')), /must be 32 bytes long, got 5$/],
    ['a private KeyObject', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, /must be a secret key, got a private KeyObject$/],
    ['a number', 42, /must be a string, a Uint8Array or a secret KeyObject$/],
    ['nothing', undefined, /must be a string, a Uint8Array or a secret KeyObject$/],
  ])('refuses %s as the key with a ConfigError naming the APIv2 key, never quoting it', (_, bad, message) => {
    const error = thrown(() => Hash.sign('MD5', payload, bad as string));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(WechatpayError);
    expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG', option: 'APIv2 key' });
    expect(error.message).toMatch(message);
    if (typeof bad === 'string') expect(inspect(error)).not.toContain(bad.slice(0, 16));
  });

  it('refuses a joined signing string (as wechatpay-php takes it) instead of the payload, without quoting it', () => {
    const joined =
      'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=192006250b4c09247ec02edce69f6a2d';
    const error = thrown(() => Hash.sign('MD5', joined as unknown as Record<string, unknown>, key));
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ name: 'ParameterError', code: 'ERR_PARAMETER', parameter: 'data' });
    expect(error.message).toMatch(/not the joined signing string/);
    expect(inspect(error)).not.toContain('192006250b4c09247ec02edce69f6a2d');
    expect(inspect(error)).not.toContain('wxd930ea5d5a258f4f');
  });

  it.each([null, ['appid'], 42])('refuses %j as the payload', (bad) => {
    expect(thrown(() => Hash.sign('MD5', bad as unknown as Record<string, unknown>, key))).toMatchObject({
      name: 'ParameterError',
      parameter: 'data',
    });
  });

  it('refuses a sign type it does not know', () => {
    const error = thrown(() => Hash.sign('SHA256' as 'MD5', payload, key));
    expect(error).toMatchObject({ name: 'ParameterError', parameter: 'type', message: `type: must be 'MD5' or 'HMAC-SHA256', got "SHA256"` });
  });

  it('leaves out sign and empty values, and writes numbers as they print', () => {
    const text =
      'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&total_fee=1&key=192006250b4c09247ec02edce69f6a2d';
    const expected = createHash('md5').update(text).digest('hex').toUpperCase();
    const noisy = { ...payload, total_fee: 1, sign: 'C380BEC2BFD727A4B6845133519F3AD6', attach: '', detail: undefined, goods_tag: null };
    expect(Hash.sign('MD5', noisy, key)).toBe(expected);
  });
});

describe('Hash.equals', () => {
  it('compares in constant time, any length', () => {
    expect(Hash.equals('9A0A8659F005D6984697E2CA0A9CF3B7', '9A0A8659F005D6984697E2CA0A9CF3B7')).toBe(true);
    expect(Hash.equals('9A0A8659F005D6984697E2CA0A9CF3B7', '9A0A8659F005D6984697E2CA0A9CF3B8')).toBe(false);
    expect(Hash.equals('9A0A8659F005D6984697E2CA0A9CF3B7', '9A0A8659')).toBe(false);
    expect(Hash.equals('', '')).toBe(true);
  });
});

describe('Hash digests refuse what is not text or bytes', () => {
  it.each([
    ['md5', () => Hash.md5(123 as never)],
    ['sha1', () => Hash.sha1({} as never)],
    ['sha256', () => Hash.sha256(undefined as never)],
    ['hmacSha256 data', () => Hash.hmacSha256(null as never, 'k')],
  ])('%s: a ParameterError naming data, not a TypeError', (_, call) => {
    const error = thrown(call);
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ code: 'ERR_PARAMETER', field: 'data' });
  });

  it('hmacSha256 refuses a key that is no text, bytes or secret KeyObject, never showing it', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const key of [42, privateKey, undefined]) {
      const error = thrown(() => Hash.hmacSha256('x', key as never));
      expect(error).toBeInstanceOf(ParameterError);
      expect(error).toMatchObject({ field: 'key' });
    }
    expect(Hash.hmacSha256('x', createSecretKey(Buffer.from('k')))).toBe(Hash.hmacSha256('x', 'k'));
  });
});
