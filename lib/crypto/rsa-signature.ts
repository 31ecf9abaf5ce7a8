import { sign, verify, type KeyObject } from 'node:crypto';

/** SHA256withRSA (PKCS#1 v1.5), base64: the signature of APIv3. */
export function rsaSign(message: Uint8Array, privateKey: KeyObject): string {
  return sign('sha256', message, privateKey).toString('base64');
}

export function rsaVerify(message: Uint8Array, signature: string, publicKey: KeyObject): boolean {
  return verify('sha256', message, publicKey, Buffer.from(signature, 'base64'));
}
