import type { KeyObject } from 'node:crypto';
import type { PlatformCertificatesOptions } from '../certificates/platform-certificates.js';
import { loadPrivateKey, loadPublicKey } from '../crypto/load-key.js';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../utils/query-string.js';
import type { ClientConfig } from './client-config.js';
import { parseBase } from './prepare-request.js';

export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com/';
export const DEFAULT_TIMEOUT = 30_000;

/** A checked configuration with every key loaded; the raw key inputs are not kept. */
export interface LoadedConfig {
  mchid: string;
  serial: string;
  privateKey: KeyObject;
  keys: Map<string, KeyObject>;
  /** A public key id when one is configured, else the first platform certificate serial (none yet when downloaded). */
  preferredSerial: string | undefined;
  /** Set when platform certificates are downloaded and refreshed. */
  apiV3Key: KeyObject | undefined;
  platformCertificates: PlatformCertificatesOptions | undefined;
  baseURL: URL;
  timeout: number;
  headers: Record<string, string>;
  clock: () => number;
  nonce: (() => string) | undefined;
}

/** Checks the whole configuration up front; every problem is a `ConfigError` naming its option. */
export function loadConfig(config: ClientConfig): LoadedConfig {
  if (!isPlainObject(config)) throw new ConfigError('config', 'must be an object');
  const mchid = token(config.mchid, 'mchid', '1900000001');
  const serial = token(config.serial, 'serial', '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C');
  if (config.privateKey === undefined) throw new ConfigError('privateKey', 'is required');
  const privateKey = loadPrivateKey(config.privateKey, 'privateKey');

  const platformCertificates = config.platformCertificates === true ? {} : config.platformCertificates || undefined;
  if (platformCertificates !== undefined && !isPlainObject(platformCertificates)) throw new ConfigError('platformCertificates', 'must be true or an object of options');
  const apiV3Key = config.apiV3Key === undefined ? undefined : loadSymmetricKey(config.apiV3Key, 'apiV3Key');
  if (platformCertificates && !apiV3Key) throw new ConfigError('apiV3Key', 'is required to download platform certificates (platformCertificates)');
  const certs = config.certs ?? (platformCertificates ? {} : undefined);
  if (!isPlainObject(certs) || (Object.keys(certs).length === 0 && !platformCertificates)) {
    throw new ConfigError('certs', 'must map at least one platform certificate serial or public key id to its key (or set platformCertificates)');
  }
  const keys = new Map<string, KeyObject>();
  for (const [id, input] of Object.entries(certs)) {
    token(id, `certs['${id}']`, 'PUB_KEY_ID_…');
    if (id === serial) {
      throw new ConfigError(`certs['${id}']`, "is the merchant's own certificate serial; certs holds WeChat Pay's platform keys");
    }
    keys.set(id, loadPublicKey(input, `certs['${id}']`));
  }
  const ids = [...keys.keys()];
  const preferredSerial = ids.find((id) => id.startsWith('PUB_KEY_ID_')) ?? ids[0];

  let baseURL: URL;
  try {
    baseURL = parseBase(config.baseURL ?? DEFAULT_BASE_URL);
  } catch (error) {
    throw new ConfigError('baseURL', error instanceof ParameterError ? error.message.replace(/^baseURL: /, '') : 'is invalid');
  }
  const timeout = config.timeout ?? DEFAULT_TIMEOUT;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new ConfigError('timeout', 'must be a positive number of milliseconds');
  }
  if (config.headers !== undefined && !isPlainObject(config.headers)) throw new ConfigError('headers', 'must be a plain object of strings');
  if (config.transport !== undefined && config.dispatcher !== undefined) {
    throw new ConfigError('dispatcher', 'cannot be combined with transport; give the dispatcher to undiciTransport() instead');
  }
  for (const name of ['clock', 'nonce'] as const) {
    if (config[name] !== undefined && typeof config[name] !== 'function') throw new ConfigError(name, 'must be a function');
  }
  return {
    mchid,
    serial,
    privateKey,
    keys,
    preferredSerial,
    baseURL,
    timeout,
    headers: { ...(config.headers as Record<string, string> | undefined) },
    apiV3Key,
    platformCertificates,
    clock: config.clock ?? Date.now,
    nonce: config.nonce,
  };
}

/** A value that goes inside a quoted header field: a non-empty string of visible ASCII without quotes. */
function token(value: unknown, option: string, example: string): string {
  if (typeof value !== 'string' || !/^[\x21\x23-\x7e]+$/.test(value)) {
    throw new ConfigError(option, `must be a non-empty string of visible ASCII without quotes, e.g. '${example}'`);
  }
  return value;
}
