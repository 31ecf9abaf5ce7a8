// Preloaded (node --import) into a child process in a test: it makes the synchronous transport's worker
// thread stop answering, as a wedged worker would. Worker threads inherit --import, so this runs in each of
// them first; only the sync worker's data holds a SharedArrayBuffer `state` and a `port`.
import { isMainThread, workerData } from 'node:worker_threads';
import { isCall } from './sync-call.mjs';

if (!isMainThread && workerData?.state instanceof SharedArrayBuffer && workerData.port) {
  workerData.port.on('message', (message) => {
    if (!isCall(message)) return;
    // Registered before the worker's own listener: the thread blocks here for good.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
}
