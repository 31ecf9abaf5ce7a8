import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { PlatformCertificatesOptions } from '../certificates/platform-certificates.js';
import { loadPrivateKey, loadPublicKey, requireRsa } from '../crypto/load-key.js';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { byteLimitProblem, DEFAULT_MAX_RESPONSE_BYTES, timeoutProblem } from '../utils/limits.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { unknownKey } from '../utils/known-keys.js';
import { clientRetryPolicy, type RetryPolicy } from '../retry/policy.js';
import type { FailoverOptions } from '../retry/host-health.js';
import type { ClientConfig } from './client-config.js';
import { parseBase } from './prepare-request.js';

export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com/';
/** WeChat Pay's backup host for the default one (another network path to the same service). */
export const DEFAULT_BACKUP_BASE_URL = 'https://api2.wechatpay.cn/';
export const DEFAULT_TIMEOUT = 30_000;

/**
 * The options `Builder.factory` knows. A record over `keyof ClientConfig`, so that an option added to the type and
 * not here fails the type-check instead of being refused at run time.
 */
const CONFIG_KEYS = Object.keys({
  mchid: true,
  serial: true,
  privateKey: true,
  certs: true,
  secret: true,
  merchant: true,
  tls: true,
  apiV3Key: true,
  platformCertificates: true,
  baseURL: true,
  backupBaseURL: true,
  failover: true,
  retry: true,
  timeout: true,
  maxResponseBytes: true,
  headers: true,
  transport: true,
  dispatcher: true,
  clock: true,
  nonce: true,
} satisfies Record<keyof ClientConfig, true>);

const PLATFORM_CERTIFICATES_KEYS = Object.keys({ interval: true, retryAfter: true, onError: true } satisfies Record<
  keyof PlatformCertificatesOptions,
  true
>);

/** The longest delay `setInterval` takes (2^31 - 1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_INTERVAL = 2 ** 31 - 1;

/** A checked configuration with every key loaded; the raw key inputs are not kept. */
export interface LoadedConfig {
  mchid: string;
  /** Unset on an APIv2-only client (`secret` without APIv3 keys). */
  serial: string | undefined;
  privateKey: KeyObject | undefined;
  /** The APIv2 key, when configured. */
  secret: KeyObject | undefined;
  /** The TLS material of the two connection pools (never logged). */
  tls: TlsMaterial;
  keys: Map<string, KeyObject>;
  /** A public key id when one is configured, else the first platform certificate serial (none yet when downloaded). */
  preferredSerial: string | undefined;
  /** Set when platform certificates are downloaded and refreshed. */
  apiV3Key: KeyObject | undefined;
  platformCertificates: PlatformCertificatesOptions | undefined;
  baseURL: URL;
  /** Where a call goes when `baseURL` cannot be reached; unset when there is none. */
  backupBaseURL: URL | undefined;
  failover: FailoverOptions;
  retry: RetryPolicy | false;
  timeout: number;
  maxResponseBytes: number;
  headers: Record<string, string>;
  clock: () => number;
  nonce: (() => string) | undefined;
}

/** Checks the whole configuration up front; every problem is a `ConfigError` naming its option. */
export function loadConfig(config: ClientConfig): LoadedConfig {
  if (!isPlainObject(config)) throw new ConfigError('config', 'must be an object');
  const unknown = unknownKey(config, CONFIG_KEYS, 'Builder.factory');
  if (unknown) throw new ConfigError(...unknown);
  const mchid = token(config.mchid, 'mchid', '1900000001');
  const secret = config.secret === undefined ? undefined : loadSymmetricKey(config.secret, 'secret');
  const tls = loadTls(config);
  // With the APIv2 secret, the APIv3 keys are optional: given any of them, all are checked as usual.
  const v3Given = ['serial', 'privateKey', 'certs', 'platformCertificates', 'apiV3Key'].some(
    (name) => config[name as keyof ClientConfig] !== undefined,
  );
  if (secret && !v3Given) {
    return {
      ...common(config, mchid),
      serial: undefined,
      privateKey: undefined,
      secret,
      tls,
      keys: new Map(),
      preferredSerial: undefined,
      apiV3Key: undefined,
      platformCertificates: undefined,
    };
  }
  const serial = token(config.serial, 'serial', '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C');
  if (config.privateKey === undefined) throw new ConfigError('privateKey', 'is required');
  const privateKey = loadPrivateKey(config.privateKey, 'privateKey');

  const platformCertificates = config.platformCertificates === true ? {} : config.platformCertificates || undefined;
  if (platformCertificates !== undefined) checkPlatformCertificates(platformCertificates);
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
  return { ...common(config, mchid), serial, privateKey, secret, tls, keys, preferredSerial, apiV3Key, platformCertificates };
}

/** The options every client has, whichever protocols it speaks. */
function common(config: ClientConfig, mchid: string) {
  let baseURL: URL;
  try {
    baseURL = parseBase(config.baseURL ?? DEFAULT_BASE_URL);
  } catch (error) {
    throw new ConfigError('baseURL', error instanceof ParameterError ? error.message.replace(/^baseURL: /, '') : 'is invalid');
  }
  const timeout = config.timeout ?? DEFAULT_TIMEOUT;
  const timeoutIssue = timeoutProblem(timeout);
  if (timeoutIssue) throw new ConfigError('timeout', timeoutIssue);
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const sizeIssue = byteLimitProblem(maxResponseBytes);
  if (sizeIssue) throw new ConfigError('maxResponseBytes', sizeIssue);
  if (config.headers !== undefined) checkHeaders(config.headers);
  if (config.transport !== undefined && config.dispatcher !== undefined) {
    throw new ConfigError('dispatcher', 'cannot be combined with transport; give the dispatcher to undiciTransport() instead');
  }
  for (const name of ['clock', 'nonce'] as const) {
    if (config[name] !== undefined && typeof config[name] !== 'function') throw new ConfigError(name, 'must be a function');
  }
  return {
    mchid,
    baseURL,
    backupBaseURL: backupOf(config.backupBaseURL, baseURL),
    failover: failoverOf(config.failover),
    retry: clientRetryPolicy(config.retry),
    timeout,
    maxResponseBytes,
    headers: { ...(config.headers as Record<string, string> | undefined) },
    clock: config.clock ?? Date.now,
    nonce: config.nonce,
  };
}

/** The backup host: the default one for WeChat Pay's default host, else only when given; same base path as `baseURL`. */
function backupOf(input: unknown, baseURL: URL): URL | undefined {
  if (input === false) return undefined;
  if (input === undefined) return baseURL.href === DEFAULT_BASE_URL ? new URL(DEFAULT_BACKUP_BASE_URL) : undefined;
  if (typeof input !== 'string' && !(input instanceof URL)) throw new ConfigError('backupBaseURL', 'must be a URL (string or URL) or false');
  let backup: URL;
  try {
    backup = parseBase(input);
  } catch (error) {
    throw new ConfigError('backupBaseURL', error instanceof ParameterError ? error.message.replace(/^baseURL: /, '') : 'is invalid');
  }
  if (backup.pathname !== baseURL.pathname) {
    throw new ConfigError('backupBaseURL', `must have the same base path as baseURL (${baseURL.pathname}), got ${backup.pathname}`);
  }
  if (backup.origin === baseURL.origin) throw new ConfigError('backupBaseURL', 'is the same host as baseURL; give another host, or false');
  return backup;
}

function failoverOf(input: unknown): FailoverOptions {
  if (input === undefined) return {};
  if (!isPlainObject(input)) throw new ConfigError('failover', 'must be an object such as { switchAfter: 3, probeAfter: 60000 }');
  const unknown = unknownKey(input, ['switchAfter', 'probeAfter'], 'failover');
  if (unknown) throw new ConfigError(`failover.${unknown[0]}`, unknown[1]);
  const { switchAfter, probeAfter } = input as FailoverOptions;
  if (switchAfter !== undefined && !(Number.isInteger(switchAfter) && switchAfter >= 1 && switchAfter <= 1000)) {
    throw new ConfigError('failover.switchAfter', 'must be a whole number of connection failures from 1 to 1000');
  }
  if (probeAfter !== undefined && !(typeof probeAfter === 'number' && Number.isFinite(probeAfter) && probeAfter >= 0)) {
    throw new ConfigError('failover.probeAfter', 'must be a number of milliseconds, 0 or more');
  }
  return { ...(switchAfter !== undefined && { switchAfter }), ...(probeAfter !== undefined && { probeAfter }) };
}

/** Each configured header is one `Headers` takes: a valid name, a string value without line breaks or NUL. */
function checkHeaders(headers: unknown): void {
  if (!isPlainObject(headers)) throw new ConfigError('headers', 'must be a plain object of strings');
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw new ConfigError(`headers.${name}`, `must be a string, got ${value === null ? 'null' : typeof value}`);
    try {
      new Headers().set(name, value);
    } catch {
      // The value is not repeated: a configured header may carry a credential (a gateway token).
      throw new ConfigError(
        `headers.${name}`,
        "is not a valid header: a name of letters, digits and !#$%&'*+-.^_`|~, a value of Latin-1 text without CR, LF or NUL",
      );
    }
  }
}

function checkPlatformCertificates(options: unknown): void {
  if (!isPlainObject(options)) throw new ConfigError('platformCertificates', 'must be true or an object of options');
  const unknown = unknownKey(options, PLATFORM_CERTIFICATES_KEYS, 'platformCertificates');
  if (unknown) throw new ConfigError(`platformCertificates.${unknown[0]}`, unknown[1]);
  const { interval, retryAfter, onError } = options as PlatformCertificatesOptions;
  if (interval !== undefined && !(typeof interval === 'number' && interval > 0 && interval <= MAX_INTERVAL)) {
    throw new ConfigError('platformCertificates.interval', `must be a number of milliseconds from 1 to ${MAX_INTERVAL}`);
  }
  if (retryAfter !== undefined && !(typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0)) {
    throw new ConfigError('platformCertificates.retryAfter', 'must be a number of milliseconds, 0 or more');
  }
  if (onError !== undefined && typeof onError !== 'function') throw new ConfigError('platformCertificates.onError', 'must be a function');
}

/**
 * What the connection pools need: `ca` for both, the merchant client certificate for the mutual-TLS pool.
 * Plain cloneable data, so that it can be handed to the synchronous worker once.
 */
export interface TlsMaterial {
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  merchant?: { cert?: string | Uint8Array; key?: string | Uint8Array; pfx?: Uint8Array; passphrase?: string };
}

function loadTls(config: ClientConfig): TlsMaterial {
  const tls: TlsMaterial = {};
  if (config.tls !== undefined) {
    if (!isPlainObject(config.tls)) throw new ConfigError('tls', 'must be an object such as { ca }');
    const unknown = unknownKey(config.tls, ['ca'], 'tls');
    if (unknown) throw new ConfigError(`tls.${unknown[0]}`, unknown[1]);
    if (config.tls.ca !== undefined) tls.ca = config.tls.ca;
  }
  const merchant = config.merchant as Record<string, unknown> | undefined;
  if (merchant === undefined) return tls;
  if (!isPlainObject(merchant)) throw new ConfigError('merchant', 'must be { cert, key } (PEM) or { pfx, passphrase } (PKCS#12)');
  const unknown = unknownKey(merchant, ['cert', 'key', 'passphrase', 'pfx'], 'merchant');
  if (unknown) throw new ConfigError(`merchant.${unknown[0]}`, unknown[1]);
  const text = (value: unknown) => typeof value === 'string' || value instanceof Uint8Array;
  if (merchant.pfx !== undefined) {
    if (!(merchant.pfx instanceof Uint8Array)) throw new ConfigError('merchant.pfx', 'must be the bytes of a PKCS#12 file');
    if (merchant.cert !== undefined || merchant.key !== undefined)
      throw new ConfigError('merchant', 'takes either { cert, key } or { pfx, passphrase }, not both');
  } else if (!text(merchant.cert) || !text(merchant.key)) {
    throw new ConfigError('merchant', 'must be { cert, key } (PEM) or { pfx, passphrase } (PKCS#12)');
  }
  if (merchant.passphrase !== undefined && typeof merchant.passphrase !== 'string') throw new ConfigError('merchant.passphrase', 'must be a string');
  if (merchant.key !== undefined) checkMerchantKey(merchant.key as string | Uint8Array, merchant.passphrase as string | undefined);
  // Copied to plain values (a Buffer becomes a Uint8Array) so that it can cross to the worker thread.
  const copy = (value: unknown) => (value instanceof Uint8Array ? new Uint8Array(value) : (value as string | undefined));
  tls.merchant = {
    ...(merchant.cert !== undefined && { cert: copy(merchant.cert) }),
    ...(merchant.key !== undefined && { key: copy(merchant.key) }),
    ...(merchant.pfx !== undefined && { pfx: copy(merchant.pfx) as Uint8Array }),
    ...(merchant.passphrase !== undefined && { passphrase: merchant.passphrase as string }),
  };
  return tls;
}

/** A value that goes inside a quoted header field: a non-empty string of visible ASCII without quotes. */
function token(value: unknown, option: string, example: string): string {
  if (typeof value !== 'string' || !/^[\x21\x23-\x7e]+$/.test(value)) {
    throw new ConfigError(option, `must be a non-empty string of visible ASCII without quotes, e.g. '${example}'`);
  }
  return value;
}

/** The mutual-TLS key is held to the same rule as every other key: RSA of at least 2048 bits. */
function checkMerchantKey(key: string | Uint8Array, passphrase: string | undefined): void {
  let loaded: KeyObject;
  try {
    loaded = createPrivateKey({
      key: typeof key === 'string' ? key : Buffer.from(key),
      format: 'pem',
      ...(passphrase !== undefined && { passphrase }),
    });
  } catch {
    throw new ConfigError('merchant.key', 'is not a PEM private key (or its passphrase is wrong)');
  }
  requireRsa(loaded, 'merchant.key');
}
