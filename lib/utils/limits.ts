/**
 * The longest delay a Node.js timer takes (a signed 32-bit count of milliseconds, about 24.8 days): a longer one
 * fires after 1 ms instead, so a larger `timeout` would end every call at once.
 */
export const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * How many bytes of an answer are read into memory by default: 32 MiB. WeChat Pay's JSON and XML answers are far
 * smaller (a page of a listing is tens of KiB); files that can be larger (bills, statements) go through the
 * `download` option, which streams and is not capped. A lying or broken server then costs at most this much memory
 * per call before the call fails.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** What is wrong with a timeout in milliseconds, or `undefined` when it is usable. */
export function timeoutProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && value > 0 && value <= MAX_TIMEOUT) return undefined;
  return `must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT} (2^31 - 1, the longest a timer waits)${typeof value === 'number' ? `, got ${value}` : ''}`;
}

/** What is wrong with a byte limit, or `undefined` when it is usable. */
export function byteLimitProblem(value: unknown): string | undefined {
  if (Number.isSafeInteger(value) && (value as number) > 0) return undefined;
  return `must be a positive whole number of bytes${typeof value === 'number' ? `, got ${value}` : ''}`;
}
