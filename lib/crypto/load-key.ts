import { KeyObject, X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { ConfigError } from '../errors/config-error.js';
import { readFileUrl } from '../utils/read-file-url.js';
import { codeOnly } from './code-only.js';
import type { EncryptedKeyInput, KeyInput } from './key-input.js';
import { PROTOCOL_PREFIXES, keyShape, type KeyAttempt, type KeyKind } from './key-format.js';

/**
 * Loads an RSA private key once, into a `KeyObject`. `option` names the config entry in errors;
 * no error ever repeats the key material or the passphrase.
 */
export function loadPrivateKey(input: KeyInput, option: string): KeyObject {
  return loadKey(input, 'private', option);
}

/** Loads an RSA public key from a public key (SPKI or PKCS#1), an X.509 certificate, or the public half of a private key. */
export function loadPublicKey(input: KeyInput, option: string): KeyObject {
  return loadKey(input, 'public', option);
}

export function loadKey(input: KeyInput, kind: KeyKind, option: string): KeyObject {
  return requireRsa(load(input, kind, option), option);
}

function load(input: KeyInput, kind: KeyKind, option: string): KeyObject {
  if (input instanceof KeyObject) {
    if (kind === 'private' ? input.type !== 'private' : input.type === 'secret') {
      throw new ConfigError(option, `expected a ${kind} key, got a ${input.type} KeyObject`);
    }
    return kind === 'public' && input.type === 'private' ? createPublicKey(input) : input;
  }
  const { source, passphrase } = unwrap(input, option);
  const data = read(source, option);
  const shape = keyShape(data, kind, passphrase);
  const fail = (detail: string, cause?: unknown): never => {
    throw new ConfigError(option, `could not be read as an RSA ${kind} key from ${shape.format}${detail}${hint(source, kind)}`, { cause });
  };
  if (shape.problem) fail(`: ${shape.problem}`);
  let failure: unknown;
  for (const attempt of shape.attempts) {
    try {
      return make(attempt, kind);
    } catch (error) {
      failure ??= error;
    }
  }
  const code = failure instanceof Error && 'code' in failure ? String(failure.code) : undefined;
  return fail(code === 'ERR_OSSL_BAD_DECRYPT' && passphrase ? ': wrong passphrase' : code ? ` (${code})` : '', codeOnly(failure));
}

/** Splits `{ key, passphrase }`; anything else is the key itself. */
function unwrap(
  input: Exclude<KeyInput, KeyObject>,
  option: string,
): { source: Exclude<KeyInput, KeyObject | EncryptedKeyInput>; passphrase?: Buffer } {
  if (typeof input === 'string' || input instanceof Uint8Array || input instanceof URL) return { source: input };
  if (input === null || typeof input !== 'object' || !('key' in input)) {
    throw new ConfigError(option, 'must be a PEM string, a Buffer, a KeyObject, a file:// URL or { key, passphrase }');
  }
  const { key, passphrase } = input;
  if (!(typeof key === 'string' || key instanceof Uint8Array || key instanceof URL)) {
    throw new ConfigError(option, '{ key } must be a PEM string, a Buffer or a file:// URL');
  }
  if (!(typeof passphrase === 'string' || passphrase instanceof Uint8Array)) {
    throw new ConfigError(option, '{ passphrase } must be a string or bytes');
  }
  return { source: key, passphrase: Buffer.from(passphrase) };
}

function read(input: string | Uint8Array | URL, option: string): string | Buffer {
  const file = readFileUrl(input, option);
  if (file) return file;
  if (typeof input === 'string') {
    if (input.trim() === '') throw new ConfigError(option, 'is empty');
    return input;
  }
  if (input instanceof Uint8Array) {
    if (input.byteLength === 0) throw new ConfigError(option, 'is empty');
    return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  throw new ConfigError(option, 'must be a PEM string, a Buffer, a KeyObject, a file:// URL or { key, passphrase }');
}

function make(attempt: KeyAttempt, kind: KeyKind): KeyObject {
  if (typeof attempt === 'object' && 'certificate' in attempt) return new X509Certificate(attempt.certificate).publicKey;
  // node:crypto takes PKCS#8 and PKCS#1 private material for a public key too (it derives the public half); its types do not say so.
  return kind === 'private'
    ? createPrivateKey(attempt as Parameters<typeof createPrivateKey>[0])
    : createPublicKey(attempt as Parameters<typeof createPublicKey>[0]);
}

/** Two usual slips get a pointer: a file path given as text, and bare base64 DER without its protocol prefix. */
function hint(input: string | Uint8Array | URL, kind: KeyKind): string {
  if (typeof input !== 'string' || input.includes('-----BEGIN') || input.includes('://')) return '';
  const text = input.trim();
  if (/^[.~]?[\\/]|\.(pem|der|crt|key)$/i.test(text)) return '; to read a file, pass a file:// URL (e.g. pathToFileURL(path))';
  if (/^[A-Za-z0-9+/=\s]{64,}$/.test(text)) {
    const prefixes = PROTOCOL_PREFIXES.filter((prefix) => kind === 'public' || prefix.startsWith('private.'));
    return `; for bare base64 DER, prefix it with one of ${prefixes.join(', ')}`;
  }
  return '';
}

/** WeChat Pay's RSA keys are 2048 bits (the Authorization scheme says RSA2048); shorter ones are factorable. */
export const MIN_RSA_BITS = 2048;

/**
 * Why a key cannot sign or verify for WeChat Pay (not RSA, or shorter than 2048 bits), as the end of a message
 * (`must be an RSA key…`), or `undefined` when it can. Names the type and size only, never the key.
 */
export function rsaKeyProblem(key: KeyObject): string | undefined {
  if (key.asymmetricKeyType !== 'rsa') return `must be an RSA key, got ${key.asymmetricKeyType ?? 'unknown'}`;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) return `must be an RSA key of at least ${MIN_RSA_BITS} bits, got ${bits} bits`;
  return undefined;
}

/** Throws a `ConfigError` naming `option` for a key `rsaKeyProblem` finds fault with. */
export function requireRsa(key: KeyObject, option: string): KeyObject {
  if (!(key instanceof KeyObject)) throw new ConfigError(option, 'must be a KeyObject (see Rsa.from)');
  const problem = rsaKeyProblem(key);
  if (problem) throw new ConfigError(option, problem);
  return key;
}
