// Preloaded (node --import) into a child process in a test: the synchronous transport's worker thread takes
// 600 ms to start, as on a loaded machine. Worker threads inherit --import, so this runs in each of them first;
// only the sync worker's data holds a SharedArrayBuffer `state` and a `port`.
import { isMainThread, workerData } from 'node:worker_threads';

if (!isMainThread && workerData?.state instanceof SharedArrayBuffer && workerData.port) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600);
}
