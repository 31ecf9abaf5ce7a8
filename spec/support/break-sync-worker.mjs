// Preloaded (node --import) into a child process in a test: it plants a bug in the synchronous transport's worker
// thread, which then throws an error of its own (not a transport error) on each request. Worker threads inherit
// --import, so this runs in each of them first; only the sync worker's data holds a SharedArrayBuffer `state` and a
// `port`. Its listener runs before the worker's own, on the same message object.
import { isMainThread, workerData } from 'node:worker_threads';

if (!isMainThread && workerData?.state instanceof SharedArrayBuffer && workerData.port) {
  workerData.port.on('message', (message) => {
    // Only calls carry a request; a client's pools are described in messages of their own.
    if (!message.request && !Array.isArray(message)) return;
    // A request in the shared buffer: the bug is in reading its length (the call's id, first, still names it).
    Object.defineProperty(message.request ?? message, message.request ? 'method' : 2, {
      get() {
        throw new TypeError('a planted bug in the worker');
      },
    });
  });
}
