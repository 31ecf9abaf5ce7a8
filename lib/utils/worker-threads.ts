import type * as WorkerThreads from 'node:worker_threads';

/**
 * `node:worker_threads`, loaded at the first use rather than when the package is imported: most programs never
 * start a worker thread (no synchronous call, no simulator in a worker), and the import of the entry stays quick.
 */
export function workerThreads(): typeof WorkerThreads {
  loaded ??= process.getBuiltinModule('node:worker_threads');
  return loaded;
}

let loaded: typeof WorkerThreads | undefined;
