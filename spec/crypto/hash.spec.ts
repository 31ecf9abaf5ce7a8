import { createHash, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Hash } from 'wechatpay-ts';

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

  it('leaves out sign and empty values, and writes numbers as they print', () => {
    const text = 'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&total_fee=1&key=192006250b4c09247ec02edce69f6a2d';
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
