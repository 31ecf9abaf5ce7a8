import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { CryptoError } from '../errors/crypto-error.js';
import { codeOnly } from './code-only.js';
import { loadSymmetricKey, type SymmetricKeyInput } from './symmetric-key.js';

const TAG_LENGTH = 16;

/**
 * AEAD_AES_256_GCM as WeChat Pay uses it (callback resources, platform certificates): the ciphertext is
 * base64 of encrypted bytes followed by the 16-byte tag; the nonce and associated data are UTF-8 text.
 */
export const AesGcm = {
  encrypt(plaintext: string | Uint8Array, key: SymmetricKeyInput, nonce: string, associatedData = ''): string {
    const loaded = secret(key);
    try {
      const cipher = createCipheriv('aes-256-gcm', loaded, Buffer.from(nonce, 'utf8'), { authTagLength: TAG_LENGTH });
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const encrypted = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return encrypted.toString('base64');
    } catch (error) {
      // An empty nonce, or a plaintext, nonce or associated data that is not text or bytes.
      throw new CryptoError('encrypt', 'AEAD_AES_256_GCM: encryption failed (the nonce must be non-empty text, the plaintext text or bytes)', {
        cause: codeOnly(error),
      });
    }
  },

  /** Decrypts and authenticates; a wrong key, nonce, associated data or a changed byte is a `CryptoError` (`ERR_CRYPTO_DECRYPT`). */
  decrypt(ciphertext: string, key: SymmetricKeyInput, nonce: string, associatedData = ''): string {
    const loaded = secret(key);
    const bytes = typeof ciphertext === 'string' ? Buffer.from(ciphertext, 'base64') : Buffer.alloc(0);
    if (bytes.length < TAG_LENGTH) throw new CryptoError('decrypt', 'AEAD_AES_256_GCM: the ciphertext is shorter than its tag');
    try {
      // Inside the try: an empty nonce fails here, as a changed byte fails below.
      const decipher = createDecipheriv('aes-256-gcm', loaded, Buffer.from(nonce, 'utf8'), { authTagLength: TAG_LENGTH });
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_LENGTH));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_LENGTH)), decipher.final()]).toString('utf8');
    } catch {
      // OpenSSL's text says nothing useful here; never include key or plaintext.
      throw new CryptoError('decrypt', 'AEAD_AES_256_GCM: authentication failed (wrong APIv3 key, nonce or associated data, or changed ciphertext)');
    }
  },

  /** A 12-character nonce of the kind WeChat Pay sends. */
  nonce(): string {
    return randomBytes(9).toString('base64url').slice(0, 12);
  },
};

function secret(key: SymmetricKeyInput): KeyObject {
  return loadSymmetricKey(key, 'APIv3 key');
}
