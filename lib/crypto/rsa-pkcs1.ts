import { constants, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { CryptoError } from '../errors/crypto-error.js';
import { codeOnly } from './code-only.js';

/**
 * RSA with PKCS#1 v1.5 encryption padding, base64: only for the few APIs that still ask for it. OAEP is the default
 * everywhere else, because PKCS#1 v1.5 decryption leaks through timing (the Marvin attack).
 */
export function pkcs1Encrypt(plaintext: string, publicKey: KeyObject): string {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plaintext, 'utf8')).toString('base64');
}

/** Node.js refuses this since CVE-2023-46809 unless started with `--security-revert=CVE-2023-46809`: a `CryptoError` says so. */
export function pkcs1Decrypt(ciphertext: string, privateKey: KeyObject): string {
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(ciphertext, 'base64')).toString('utf8');
  } catch (error) {
    if (error instanceof Error && /CVE-2023-46809/.test(error.message)) {
      throw new CryptoError(
        'pkcs1_refused',
        'RSA PKCS#1 v1.5 decryption is refused by this Node.js runtime (CVE-2023-46809, the Marvin attack); use OAEP, or start node with --security-revert=CVE-2023-46809 if an API leaves no choice',
        { cause: codeOnly(error) },
      );
    }
    throw new CryptoError('decrypt', 'RSA PKCS#1 v1.5: decryption failed (wrong private key or changed ciphertext)', { cause: codeOnly(error) });
  }
}
