import type { KeyObject } from 'node:crypto';

/**
 * A key as a user may hold it: PEM text, PEM/DER bytes, a ready `KeyObject`, a `file://` URL to a PEM or DER file,
 * a wechatpay-php protocol string (`private.pkcs1://`, `private.pkcs8://`, `public.pkcs1://`, `public.spki://`
 * followed by base64 DER), or an encrypted key with its passphrase.
 */
export type KeyInput = string | Buffer | Uint8Array | KeyObject | URL | EncryptedKeyInput;

/** An encrypted private key (`ENCRYPTED PRIVATE KEY` PEM, encrypted PKCS#1 PEM or DER) and the passphrase that opens it. */
export interface EncryptedKeyInput {
  key: string | Buffer | Uint8Array | URL;
  passphrase: string | Uint8Array;
}
