/** A private cell nobody ever notifies: waiting on it is a plain sleep. */
const cell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Blocks this thread for `ms` milliseconds without a promise: what a synchronous call waits with between attempts
 * (it is blocked on its answer anyway, in the same way).
 */
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}
