import { ConfigError } from '../errors/config-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { unknownKey } from '../utils/known-keys.js';
import { checkTtl } from './check-store.js';
import type { WechatpayStore } from './store.js';

/**
 * What the store uses of a Redis client: node-redis's (`redis` v4 or v5, `createClient()` or `createCluster()`)
 * `set` with `{ NX, PX }`, `get` and `del`. A structural type, so this module imports no Redis client.
 */
export interface RedisLikeClient {
  set(key: string, value: string, options: { NX?: true; PX: number }): Promise<unknown>;
  get(key: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export interface RedisStoreOptions {
  /** Put before every key, so several applications (or merchants) can share one Redis; default `'wechatpay:'`. */
  prefix?: string;
}

const KEYS = Object.keys({ prefix: true } satisfies Record<keyof RedisStoreOptions, true>);

/**
 * A store in Redis, shared by every process that uses the same Redis and prefix: `claim` is one atomic
 * `SET key value NX PX ttl`, so of a fleet receiving the same callback exactly one handles it. The client is
 * yours: connect it before use and close it when done.
 *
 * ```ts
 * import { createClient } from 'redis';
 * import { redisStore } from 'wechatpay-ts/redis';
 * const store = redisStore(await createClient({ url: process.env.REDIS_URL }).connect());
 * ```
 */
export function redisStore(client: RedisLikeClient, options: RedisStoreOptions = {}): WechatpayStore {
  if (
    client === null ||
    typeof client !== 'object' ||
    !['set', 'get', 'del'].every((name) => typeof (client as unknown as Record<string, unknown>)[name] === 'function')
  ) {
    throw new ConfigError('client', "must be a node-redis client (import { createClient } from 'redis'), connected");
  }
  if (!isPlainObject(options as unknown)) throw new ConfigError('options', 'must be an object such as { prefix }');
  const unknown = unknownKey(options, KEYS, 'redisStore');
  if (unknown) throw new ConfigError(...unknown);
  const { prefix = 'wechatpay:' } = options;
  if (typeof prefix !== 'string') throw new ConfigError('prefix', 'must be a string');
  return {
    async claim(key, value, ttlMs) {
      // SET … NX answers 'OK' when it set the key, null when the key was there.
      return (await client.set(prefix + key, value, { NX: true, PX: checkTtl(ttlMs) })) !== null;
    },
    async get(key) {
      const value = await client.get(prefix + key);
      return typeof value === 'string' ? value : undefined;
    },
    async set(key, value, ttlMs) {
      await client.set(prefix + key, value, { PX: checkTtl(ttlMs) });
    },
    async delete(key) {
      await client.del(prefix + key);
    },
  };
}
