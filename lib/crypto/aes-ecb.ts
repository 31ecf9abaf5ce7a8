import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CryptoError } from '../errors/crypto-error.js';
import { codeOnly } from './code-only.js';
import { Hash } from './hash.js';
import { loadSymmetricKey, type SymmetricKeyInput } from './symmetric-key.js';

/**
 * AES-256-ECB with PKCS#7 padding, base64: how APIv2 refund notifications hide `req_info`. The AES key is the
 * 32-character lowercase MD5 hex of the APIv2 key, used as 32 ASCII bytes (not the 16 bytes the hex stands for).
 */
export const AesEcb = {
  encrypt(plaintext: string, apiV2Key: SymmetricKeyInput): string {
    const cipher = createCipheriv('aes-256-ecb', aesKey(apiV2Key), null);
    return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
  },

  /** A wrong key or a changed ciphertext almost always breaks the padding: a `CryptoError` (`ERR_CRYPTO_DECRYPT`). */
  decrypt(ciphertext: string, apiV2Key: SymmetricKeyInput): string {
    const decipher = createDecipheriv('aes-256-ecb', aesKey(apiV2Key), null);
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
    } catch (error) {
      if (isPortedMd5(ciphertext, apiV2Key)) {
        throw new CryptoError(
          'decrypt',
          'AES-256-ECB: decryption failed: the key given is the MD5 of the APIv2 key (it decrypts when taken as the AES key itself); pass the APIv2 key, AesEcb derives the MD5',
          { cause: codeOnly(error) },
        );
      }
      throw new CryptoError('decrypt', 'AES-256-ECB: decryption failed (wrong APIv2 key or changed ciphertext)', { cause: codeOnly(error) });
    }
  },
};

/**
 * wechatpay-php and the axios plugin take `md5(apiV2Key)` here, so a ported call passes the derived key. An
 * APIv2 key may itself be 32 hex characters, so the shape proves nothing: only decrypting with it as the AES key,
 * to valid UTF-8, does.
 */
function isPortedMd5(ciphertext: string, given: SymmetricKeyInput): boolean {
  try {
    const key = loadSymmetricKey(given, 'APIv2 key').export();
    if (!/^[0-9a-f]{32}$/.test(key.toString('latin1'))) return false;
    const decipher = createDecipheriv('aes-256-ecb', key, null);
    const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
    new TextDecoder('utf-8', { fatal: true }).decode(plain);
    return plain.length > 0;
  } catch {
    return false;
  }
}

function aesKey(apiV2Key: SymmetricKeyInput): Buffer {
  return Buffer.from(Hash.md5(loadSymmetricKey(apiV2Key, 'APIv2 key').export()), 'ascii');
}
