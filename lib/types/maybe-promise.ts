/** A value now (synchronous calls) or later (asynchronous calls). */
export type MaybePromise<T> = T | Promise<T>;

export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Continues with `onValue` now if `result` is a value, or when it settles if it is a promise. This is how a
 * middleware works in both modes: `return andThen(next(request), (response) => …)`.
 */
export function andThen<T, U>(result: MaybePromise<T>, onValue: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromiseLike<T>(result) ? Promise.resolve(result).then(onValue) : onValue(result);
}

/**
 * Runs `run` and continues with `onValue` or `onError`, in either mode: the synchronous throw and the
 * rejected promise reach the same `onError`.
 */
export function tryThen<T, U>(
  run: () => MaybePromise<T>,
  onValue: (value: T) => MaybePromise<U>,
  onError: (error: unknown) => MaybePromise<U>,
): MaybePromise<U> {
  let result: MaybePromise<T>;
  try {
    result = run();
  } catch (error) {
    return onError(error);
  }
  return isPromiseLike<T>(result) ? Promise.resolve(result).then(onValue, onError) : onValue(result);
}
