import { ConfigError } from '../errors/config-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { unknownKey } from '../utils/known-keys.js';
import { checkTtl } from './check-store.js';
import type { WechatpayStore } from './store.js';

export interface MemoryStoreOptions {
  /** The most entries kept; past it the oldest written is dropped. Default 10 000. */
  maxEntries?: number;
  /** Milliseconds since the epoch (tests fix it). */
  clock?: () => number;
}

const KEYS = Object.keys({ maxEntries: true, clock: true } satisfies Record<keyof MemoryStoreOptions, true>);

/**
 * A store in this process's memory: enough for one process (the default of `Notification`), not shared with
 * any other. Bounded: entries go when their TTL passes, and past `maxEntries` the oldest written goes first.
 */
export function memoryStore(options: MemoryStoreOptions = {}): WechatpayStore {
  if (!isPlainObject(options as unknown)) throw new ConfigError('options', 'must be an object such as { maxEntries }');
  const unknown = unknownKey(options, KEYS, 'memoryStore');
  if (unknown) throw new ConfigError(...unknown);
  const { maxEntries = 10_000, clock = Date.now } = options;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new ConfigError('maxEntries', 'must be a whole number, at least 1');
  if (typeof clock !== 'function') throw new ConfigError('clock', 'must be a function');
  // A Map iterates in the order keys were written: the first entry is the oldest.
  const entries = new Map<string, { value: string; expires: number }>();

  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires > clock()) return entry;
    entries.delete(key);
    return undefined;
  };
  const write = (key: string, value: string, ttlMs: number) => {
    const expires = clock() + checkTtl(ttlMs);
    entries.delete(key);
    entries.set(key, { value, expires });
    if (entries.size <= maxEntries) return;
    // Expired entries go before live ones; then the oldest written, until the bound holds.
    const now = clock();
    for (const [old, entry] of entries) if (entry.expires <= now) entries.delete(old);
    for (const old of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(old);
    }
  };

  return {
    async claim(key, value, ttlMs) {
      if (live(key)) return false;
      write(key, value, ttlMs);
      return true;
    },
    async get(key) {
      return live(key)?.value;
    },
    async set(key, value, ttlMs) {
      write(key, value, ttlMs);
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}
