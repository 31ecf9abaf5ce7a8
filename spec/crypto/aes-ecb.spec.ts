import { createHash, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesEcb, ConfigError, CryptoError } from 'wechatpay-ts';
import { fixture } from '../support/fixtures.js';
import { thrown } from '../support/failures.js';

// Made by generate-derived.sh with openssl enc -aes-256-ecb, the key being the ASCII of md5hex(APIv2 key).
const apiV2Key = fixture('apiv2-key.txt');
const reqInfo = fixture('refund-req-info.b64');
const xml = fixture('refund-req-info.xml');

describe('AesEcb: the req_info of APIv2 refund notifications', () => {
  it("decrypts openssl's ciphertext", () => {
    expect(AesEcb.decrypt(reqInfo, apiV2Key)).toBe(xml);
  });

  it('encrypts to exactly what openssl made (ECB has no IV)', () => {
    expect(AesEcb.encrypt(xml, apiV2Key)).toBe(reqInfo);
  });

  it('takes the APIv2 key as text, bytes or a secret KeyObject', () => {
    for (const key of [Buffer.from(apiV2Key), createSecretKey(Buffer.from(apiV2Key))]) expect(AesEcb.decrypt(reqInfo, key)).toBe(xml);
  });

  it('pads with PKCS#7: a 16-byte plaintext takes a whole extra block', () => {
    expect(Buffer.from(AesEcb.encrypt('0123456789abcdef', apiV2Key), 'base64')).toHaveLength(32);
    expect(Buffer.from(AesEcb.encrypt('', apiV2Key), 'base64')).toHaveLength(16);
  });

  it.each([
    ['another APIv2 key', () => AesEcb.decrypt(reqInfo, `${apiV2Key.slice(0, 31)}6`)],
    ['a cut ciphertext', () => AesEcb.decrypt(Buffer.from(reqInfo, 'base64').subarray(0, 40).toString('base64'), apiV2Key)],
  ])('%s is a CryptoError that shows neither key nor plaintext', (_, run) => {
    const error = thrown(run);
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({
      name: 'CryptoError',
      code: 'ERR_CRYPTO_DECRYPT',
      message: 'AES-256-ECB: decryption failed (wrong APIv2 key or changed ciphertext)',
    });
    expect(`${error.message}${String(error.stack)}`).not.toContain(apiV2Key);
    expect(`${error.message}${String(error.stack)}`).not.toContain('out_refund_no');
  });

  it('says so when given the MD5 of the APIv2 key (as wechatpay-php and the axios plugin take it), without quoting either', () => {
    const md5 = createHash('md5').update(apiV2Key).digest('hex');
    const error = thrown(() => AesEcb.decrypt(reqInfo, md5));
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({ code: 'ERR_CRYPTO_DECRYPT' });
    expect(error.message).toMatch(/the key given is the MD5 of the APIv2 key.*pass the APIv2 key/);
    expect(`${error.message}${String(error.stack)}`).not.toContain(md5);
    expect(`${error.message}${String(error.stack)}`).not.toContain(apiV2Key);
  });

  it('does not blame the MD5 when a wrong key merely looks like hex', () => {
    const error = thrown(() => AesEcb.decrypt(reqInfo, createHash('md5').update('another key').digest('hex')));
    expect(error).toMatchObject({ name: 'CryptoError', message: 'AES-256-ECB: decryption failed (wrong APIv2 key or changed ciphertext)' });
  });

  it('a key that is not 32 bytes is a ConfigError naming the APIv2 key', () => {
    const error = thrown(() => AesEcb.decrypt(reqInfo, 'secret'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ name: 'ConfigError', field: 'APIv2 key', message: 'APIv2 key: must be 32 bytes long, got 6' });
  });
});
