import { sign, verify, type KeyObject } from 'node:crypto';

/** SHA256withRSA (PKCS#1 v1.5), base64: the signature of APIv3. */
export function rsaSign(message: Uint8Array, privateKey: KeyObject): string {
  return sign('sha256', message, privateKey).toString('base64');
}

/** `false` unless `signature` is one canonical base64 value of the key's size (see `signatureBytes`) that matches. */
export function rsaVerify(message: Uint8Array, signature: string, publicKey: KeyObject): boolean {
  const bytes = signatureBytes(signature, publicKey);
  return bytes !== undefined && verify('sha256', message, publicKey, bytes);
}

/** The size of the key's signatures in bytes: its modulus length (256 for RSA-2048). */
export function signatureSize(publicKey: KeyObject): number {
  let size = SIZES.get(publicKey);
  if (size === undefined) {
    // `asymmetricKeyDetails` asks the key's native side for a new object on every read: read once per key.
    size = Math.ceil((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    SIZES.set(publicKey, size);
  }
  return size;
}

const SIZES = new WeakMap<KeyObject, number>();

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes of a base64 signature, or `undefined` unless it is exactly one canonical base64 value of the key's
 * size (RSA-2048: 256 bytes, 344 characters): Node's decoder stops at the padding and skips what it does not know,
 * so a second value (a repeated header, joined with `, `) or junk after the padding would otherwise pass.
 */
export function signatureBytes(signature: string, publicKey: KeyObject): Buffer | undefined {
  const size = signatureSize(publicKey);
  if (size === 0 || signature.length !== 4 * Math.ceil(size / 3) || !BASE64.test(signature)) return undefined;
  const bytes = Buffer.from(signature, 'base64');
  // Re-encoding catches stray bits in the last character and a misplaced `=`.
  return bytes.length === size && bytes.toString('base64') === signature ? bytes : undefined;
}
