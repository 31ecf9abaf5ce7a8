import { Builder, type ClientConfig, type UntypedWechatpay } from 'wechatpay-ts';
import { fuzzKeys, type FuzzKeys } from './keys.js';
import { configSecrets, type Secrets } from './secrets.js';
import { ScriptedTransport } from './transport.js';

/** The fixed clock of the fuzz clients, in seconds (answers are signed at it, or skewed from it). */
export const NOW = 1_767_225_600;

export interface FuzzClient {
  keys: FuzzKeys;
  transport: ScriptedTransport;
  /** The untyped chain: properties send what a typed call would refuse at compile time. */
  instance: UntypedWechatpay;
  secrets: Secrets;
}

/** A client over a scripted transport, with APIv3 keys and the APIv2 secret, the clock fixed at `NOW`. */
export function fuzzClient(config: Partial<ClientConfig> = {}, keys: FuzzKeys = fuzzKeys()): FuzzClient {
  const transport = new ScriptedTransport(keys, NOW);
  const instance = Builder.factory<'untyped'>({
    mchid: keys.mchid,
    serial: keys.merchantSerial,
    privateKey: keys.merchantPem,
    certs: { [keys.platformSerial]: keys.platformPem },
    secret: keys.secret,
    apiV3Key: keys.apiV3Key,
    transport,
    clock: () => NOW * 1000,
    // The built-in retry stays on (its errors are fuzzed too), without its waits: a 5xx answer is tried three times at once.
    retry: { minDelay: 0, maxDelay: 0 },
    ...config,
  });
  return { keys, transport, instance, secrets: configSecrets(keys) };
}
