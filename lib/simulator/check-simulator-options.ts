import { ConfigError } from '../errors/config-error.js';
import { unknownKey } from '../utils/known-keys.js';
import { isPlainObject } from '../types/is-plain-object.js';
import type { PlatformOptions, SimulatorOptions, SimulatorV2Options } from './simulator-options.js';

const SIMULATOR_KEYS = Object.keys({
  mchid: true,
  merchant: true,
  platform: true,
  apiV3Key: true,
  port: true,
  worker: true,
  v2: true,
  seed: true,
  timeScale: true,
} satisfies Record<keyof SimulatorOptions, true>);
const PLATFORM_KEYS = Object.keys({ serial: true, privateKey: true, certificate: true } satisfies Record<keyof PlatformOptions, true>);
const V2_KEYS = Object.keys({ secret: true, tls: true } satisfies Record<keyof SimulatorV2Options, true>);

/**
 * Refuses what `startSimulator` would otherwise ignore or fail on later, in this thread (so that the error is the
 * same `ConfigError` with or without a worker): an option it does not know, at any level, or one of the wrong kind.
 */
export function checkSimulatorOptions(options: unknown): void {
  if (!isPlainObject(options)) throw new ConfigError('options', 'must be an object such as { worker: true }');
  refuseUnknown(options, SIMULATOR_KEYS, 'startSimulator', '');
  const { merchant, platform, v2, port } = options as SimulatorOptions;
  if (merchant !== undefined) refuseUnknown(merchant, ['serial', 'publicKey'], 'merchant', 'merchant.');
  if (platform !== undefined) refuseUnknown(platform, PLATFORM_KEYS, 'platform', 'platform.');
  if (v2 !== undefined) {
    refuseUnknown(v2, V2_KEYS, 'v2', 'v2.');
    if (v2.tls !== undefined) refuseUnknown(v2.tls, ['ca', 'cert', 'key'], 'v2.tls', 'v2.tls.');
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new ConfigError('port', 'must be a whole number from 0 to 65535');
}

function refuseUnknown(value: unknown, known: readonly string[], where: string, prefix: string): void {
  if (!isPlainObject(value)) throw new ConfigError(prefix ? prefix.slice(0, -1) : 'options', 'must be an object');
  const unknown = unknownKey(value, known, where);
  if (unknown) throw new ConfigError(`${prefix}${unknown[0]}`, unknown[1]);
}
