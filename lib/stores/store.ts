/**
 * Where a fleet of processes keeps what only one of them should do: a callback handled, a certificate download
 * running. Every method is async (a shared store is a network away); keys and values are strings, and every write
 * expires after `ttlMs`, so nothing grows without bound.
 */
export interface WechatpayStore {
  /** Sets `key` only when it is absent, atomically across everyone sharing the store; true when this call set it. */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The value of `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Sets `key`, replacing any value, for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes `key`; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
}
