import { existsSync } from 'node:fs';
import { ConfigError } from '../errors/config-error.js';

/**
 * Our worker threads: the name each file takes next to a bundle, the package entry point a bundle builds it
 * from, and where it sits in the package, from the chunk of dist/chunks/ that holds this module (scripts/bundle.mjs
 * puts it there and checks it).
 */
const WORKERS = {
  sync: { bundled: 'wechatpay-ts-sync-worker.js', entry: 'wechatpay-ts/sync-worker', packaged: '../transports/sync-worker.js' },
  simulator: { bundled: 'wechatpay-ts-simulator-worker.js', entry: 'wechatpay-ts/simulator-worker', packaged: '../simulator/simulator-worker.js' },
} as const;

export type WorkerName = keyof typeof WORKERS;

const BUNDLING = 'https://wechatpay-ts.github.io/wechatpay-ts/guide/bundling';

/**
 * This module's address, held in a variable: bundlers (webpack, Vite) rewrite `new URL(…, import.meta.url)` into
 * an asset or module lookup of their own, which would not find files that only exist beside the bundle.
 */
const here = import.meta.url;

/**
 * The file a worker thread runs. Bundled (docs/guide/bundling.md), this code lives in the bundle's own file and
 * the worker is the file of that name next to it; installed, the worker is the package's own file. The bundled name
 * is tried first: nobody has it but a bundle that put it there.
 */
export function workerFile(name: WorkerName): URL {
  const { bundled, entry, packaged } = WORKERS[name];
  const next = new URL(`./${bundled}`, here);
  if (existsSync(next)) return next;
  const own = new URL(packaged, here);
  if (existsSync(own)) return own;
  throw new ConfigError(
    bundled,
    `not found next to ${here} (nor at ${own.href}); a bundled program needs it next to the bundle, built from the entry point ${entry}: see ${BUNDLING}`,
    { code: 'ERR_WORKER_FILE' },
  );
}
