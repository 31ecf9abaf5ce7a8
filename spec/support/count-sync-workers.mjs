// Preloaded (node --import) into a child process in a test: each synchronous transport's worker thread that starts
// appends its threadId to the file named by SYNC_WORKER_LOG, so that the test can count them. With
// SYNC_WORKER_EXIT_ON, the worker ends its own thread (process.exit) on a request whose path contains that text,
// as a crashing worker would; with SYNC_WORKER_EXIT_AFTER, it ends 100 ms after such a request, once it answered. Worker threads inherit --import, so this runs in each of them first; only the sync
// worker's data holds a SharedArrayBuffer `state` and a `port`.
import { appendFileSync } from 'node:fs';
import { isMainThread, threadId, workerData } from 'node:worker_threads';
import { callPath } from './sync-call.mjs';

if (!isMainThread && workerData?.state instanceof SharedArrayBuffer && workerData.port) {
  appendFileSync(process.env.SYNC_WORKER_LOG, `${threadId}\n`);
  const { SYNC_WORKER_EXIT_ON: exitOn, SYNC_WORKER_EXIT_AFTER: exitAfter } = process.env;
  workerData.port.on('message', (message) => {
    const path = callPath(message, workerData.shared);
    if (exitOn && path?.includes(exitOn)) process.exit(1);
    // Once the answer is surely sent: the worker ends between two calls.
    if (exitAfter && path?.includes(exitAfter)) setTimeout(() => process.exit(1), 100);
  });
}
