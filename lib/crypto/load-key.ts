import { KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors/config-error.js';
import type { KeyInput } from './key-input.js';

/**
 * Loads an RSA private key once, into a `KeyObject`. `option` names the config entry in errors;
 * no error ever repeats the key material.
 */
export function loadPrivateKey(input: KeyInput, option: string): KeyObject {
  const key = load(input, option, 'private', (data) => createPrivateKey(data as Parameters<typeof createPrivateKey>[0]));
  return requireRsa(key, option);
}

/** Loads an RSA public key from a public key (SPKI or PKCS#1) or an X.509 certificate. */
export function loadPublicKey(input: KeyInput, option: string): KeyObject {
  const key = load(input, option, 'public', (data) => createPublicKey(data as Parameters<typeof createPublicKey>[0]));
  return requireRsa(key, option);
}

type Material = string | Buffer | { key: Buffer; format: 'der'; type: 'pkcs1' | 'pkcs8' | 'spki' };

/** DER has no header to tell its structure: try the usual ones. */
const DER_TYPES = { private: ['pkcs8', 'pkcs1'], public: ['spki', 'pkcs1'] } as const;

function load(input: KeyInput, option: string, kind: 'private' | 'public', make: (data: Material) => KeyObject): KeyObject {
  if (input instanceof KeyObject) {
    if (kind === 'private' ? input.type !== 'private' : input.type === 'secret') {
      throw new ConfigError(option, `expected a ${kind} key, got a ${input.type} KeyObject`);
    }
    return kind === 'public' && input.type === 'private' ? createPublicKey(input) : input;
  }
  const data = read(input, option);
  const attempts: Material[] =
    typeof data === 'string' || data.includes('-----BEGIN') ? [data] : DER_TYPES[kind].map((type) => ({ key: data, format: 'der', type }));
  let failure: unknown;
  for (const attempt of attempts) {
    try {
      return make(attempt);
    } catch (error) {
      failure ??= error;
    }
  }
  const reason = failure instanceof Error && 'code' in failure ? ` (${String(failure.code)})` : '';
  // A file path given as a plain string is the usual slip: it is not PEM text, so point to file:// URLs.
  const hint = typeof input === 'string' && !input.includes('-----BEGIN') && /^[.~]?[\\/]|\.(pem|der|crt|key)$/i.test(input.trim())
    ? '; to read a file, pass a file:// URL (e.g. pathToFileURL(path))'
    : '';
  throw new ConfigError(option, `could not be read as an RSA ${kind} key in PEM or DER form${reason}${hint}`, { cause: scrub(failure) });
}

function read(input: Exclude<KeyInput, KeyObject>, option: string): string | Buffer {
  const url = input instanceof URL ? input : typeof input === 'string' && input.startsWith('file://') ? new URL(input) : undefined;
  if (url) {
    try {
      return readFileSync(fileURLToPath(url));
    } catch (error) {
      throw new ConfigError(option, `cannot read ${url.href}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (typeof input === 'string') {
    if (input.trim() === '') throw new ConfigError(option, 'is empty');
    return input;
  }
  if (input instanceof Uint8Array) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  throw new ConfigError(option, 'must be a PEM string, a Buffer, a KeyObject or a file:// URL');
}

function requireRsa(key: KeyObject, option: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(option, `must be an RSA key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return key;
}

/** Keeps only the library's error code and a fixed text: OpenSSL messages never hold key bytes, but a cause is logged verbatim. */
function scrub(error: unknown): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const safe = new Error(`crypto: ${'code' in error ? String(error.code) : error.name}`);
  return safe;
}
