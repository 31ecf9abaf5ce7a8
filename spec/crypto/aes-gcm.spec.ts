import { createCipheriv, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcm, ConfigError, CryptoError } from 'wechatpay-ts';
import { thrown } from '../support/failures.js';

const hex = (text: string) => Buffer.from(text, 'hex').toString('base64');

describe('AesGcm against published vectors', () => {
  // McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13 and 14: a zero 256-bit key and a zero
  // 96-bit IV. Zero bytes are valid UTF-8, so the IV can be given as WeChat Pay gives nonces: as text.
  const key = new Uint8Array(32);
  const iv = '\0'.repeat(12);

  it('test case 13: an empty plaintext gives only the tag', () => {
    expect(AesGcm.encrypt(new Uint8Array(0), key, iv)).toBe(hex('530f8afbc74536b9a963b4f1c4cb738b'));
    expect(AesGcm.decrypt(hex('530f8afbc74536b9a963b4f1c4cb738b'), key, iv)).toBe('');
  });

  it('test case 14: sixteen zero bytes', () => {
    const sealed = hex('cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919');
    expect(AesGcm.encrypt(new Uint8Array(16), key, iv)).toBe(sealed);
    expect(AesGcm.decrypt(sealed, key, iv)).toBe('\0'.repeat(16));
  });
});

describe('AesGcm as WeChat Pay uses it', () => {
  // The shapes of a callback resource: a 32-character APIv3 key, a 12-character nonce, associated data as text.
  const apiV3Key = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
  const nonce = 'fdasflkja484';
  const associatedData = 'transaction';
  const plaintext =
    '{"mchid":"1900000001","out_trade_no":"1217752501201407033233368018","trade_state":"SUCCESS","payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},"attach":"自定义数据"}';

  /** The expected value, computed with node:crypto directly rather than with the code under test. */
  function reference(): string {
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  }

  it('encrypts to ciphertext followed by the tag, in base64', () => {
    expect(AesGcm.encrypt(plaintext, apiV3Key, nonce, associatedData)).toBe(reference());
  });

  it('decrypts with the key as text, bytes or a secret KeyObject', () => {
    for (const key of [apiV3Key, Buffer.from(apiV3Key), createSecretKey(Buffer.from(apiV3Key))]) {
      expect(AesGcm.decrypt(reference(), key, nonce, associatedData)).toBe(plaintext);
    }
  });

  it('round-trips with empty associated data by default', () => {
    const n = AesGcm.nonce();
    expect(AesGcm.decrypt(AesGcm.encrypt(plaintext, apiV3Key, n), apiV3Key, n)).toBe(plaintext);
  });

  it.each([
    [
      'a changed ciphertext byte',
      () => {
        const bytes = Buffer.from(reference(), 'base64');
        bytes[3] = (bytes[3] ?? 0) ^ 1;
        return AesGcm.decrypt(bytes.toString('base64'), apiV3Key, nonce, associatedData);
      },
    ],
    [
      'a changed tag',
      () => {
        const bytes = Buffer.from(reference(), 'base64');
        bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
        return AesGcm.decrypt(bytes.toString('base64'), apiV3Key, nonce, associatedData);
      },
    ],
    ['other associated data', () => AesGcm.decrypt(reference(), apiV3Key, nonce, 'certificate')],
    ['another nonce', () => AesGcm.decrypt(reference(), apiV3Key, 'fdasflkja485', associatedData)],
    ['another key', () => AesGcm.decrypt(reference(), 'b'.repeat(32), nonce, associatedData)],
  ])('%s is a CryptoError that shows neither key nor plaintext', (_, run) => {
    const error = thrown(run);
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({
      name: 'CryptoError',
      code: 'ERR_CRYPTO_DECRYPT',
      message: 'AEAD_AES_256_GCM: authentication failed (wrong APIv3 key, nonce or associated data, or changed ciphertext)',
    });
    expect(`${error.message}${String(error.stack)}`).not.toContain(apiV3Key);
  });

  it('a ciphertext shorter than its tag is a CryptoError', () => {
    expect(thrown(() => AesGcm.decrypt(hex('00112233'), apiV3Key, nonce))).toMatchObject({
      name: 'CryptoError',
      code: 'ERR_CRYPTO_DECRYPT',
      message: 'AEAD_AES_256_GCM: the ciphertext is shorter than its tag',
    });
  });

  it("an empty nonce is a CryptoError, in both directions, never node:crypto's own error", () => {
    const sealed = AesGcm.encrypt(plaintext, apiV3Key, nonce);
    expect(thrown(() => AesGcm.encrypt(plaintext, apiV3Key, ''))).toMatchObject({
      name: 'CryptoError',
      code: 'ERR_CRYPTO_ENCRYPT',
      reason: 'encrypt',
    });
    expect(thrown(() => AesGcm.decrypt(sealed, apiV3Key, ''))).toMatchObject({ name: 'CryptoError', code: 'ERR_CRYPTO_DECRYPT', reason: 'decrypt' });
    expect(thrown(() => AesGcm.decrypt(sealed, apiV3Key, ''))).toBeInstanceOf(CryptoError);
  });

  it('a key that is not 32 bytes is a ConfigError naming the APIv3 key, not showing it', () => {
    for (const [key, length] of [
      ['short-key-16-chr', 16],
      ['x'.repeat(33), 33],
      ['密钥'.repeat(6), 36],
    ] as const) {
      const error = thrown(() => AesGcm.encrypt(plaintext, key, nonce));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ name: 'ConfigError', field: 'APIv3 key', message: `APIv3 key: must be 32 bytes long, got ${length}` });
      expect(error.message).not.toContain(key);
    }
  });

  it('nonce() gives 12 URL-safe characters, fresh each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => AesGcm.nonce()));
    expect(nonces.size).toBe(50);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });
});
