import { constants, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';

/**
 * RSA-OAEP with SHA-1 and MGF1-SHA-1, base64: how WeChat Pay protects sensitive fields (names, ID numbers,
 * phone numbers) in both directions.
 */
export function oaepEncrypt(plaintext: string, publicKey: KeyObject): string {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(plaintext, 'utf8')).toString(
    'base64',
  );
}

export function oaepDecrypt(ciphertext: string, privateKey: KeyObject): string {
  return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(ciphertext, 'base64')).toString(
    'utf8',
  );
}
