import type { RetryPolicy } from './policy.js';

/**
 * The wait before retry number `retry` (1 for the first): exponential with full jitter above the floor, a uniform pick
 * between `minDelay` and `min(maxDelay, minDelay * 2^retry)`, so that many clients failing at once do not come
 * back in step.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelay, policy.minDelay * 2 ** retry);
  return Math.round(policy.minDelay + random() * Math.max(0, ceiling - policy.minDelay));
}

/**
 * Milliseconds a `Retry-After` value asks to wait: whole seconds, or an HTTP date (`now` is the epoch clock). `undefined`
 * when absent or unreadable; a date in the past is 0.
 */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - now);
}
