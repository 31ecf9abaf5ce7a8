import { ConfigError } from '../errors/config-error.js';
import type { WechatpayStore } from './store.js';

const METHODS = ['claim', 'get', 'set', 'delete'] as const;

/** A `store` option must have the four methods; checked up front, so that a wrong one fails at construction, not at the first callback. */
export function checkStore(store: unknown, name: string): WechatpayStore {
  if (store === null || typeof store !== 'object' || METHODS.some((method) => typeof (store as Record<string, unknown>)[method] !== 'function')) {
    throw new ConfigError(name, 'must be a store with claim, get, set and delete methods, such as memoryStore() or redisStore(client)');
  }
  return store as WechatpayStore;
}

/** A TTL the stores accept: a whole number of milliseconds, at least 1. */
export function checkTtl(ttlMs: number): number {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new RangeError(`ttlMs must be a whole number of milliseconds, at least 1 (got ${ttlMs})`);
  return ttlMs;
}
