import { ConfigError } from '../errors/config-error.js';

const BUNDLING = 'https://wechatpay-ts.github.io/wechatpay-ts/guide/bundling';

/**
 * A dependency loaded on its first use, not when the package is imported: most programs never parse XML, read a
 * bill or upload a file, and `import('wechatpay-ts')` should not pay for the parsers. Synchronous calls need it
 * synchronously, so it is a `require`:
 *
 * - `bundled` is the `require` call of the package written out with its name, so that a bundler sees the literal
 *   and carries the package into the bundle, loading it lazily there too (esbuild does; webpack, which reads our
 *   files as strict ES modules, does once docs/guide/bundling.md's rule tells it to read packages.js as `auto`);
 * - in Node's ESM (dist/), where there is no `require`, and in a bundle that left packages out (esbuild's
 *   `--packages=external` without a `require` banner), a `require` made for this module loads it from
 *   node_modules. Node ≥ 20.19 requires ES modules (`mime`) as well as CommonJS ones.
 *
 * Memoised: one load per process.
 */
export function lazyPackage<T>(name: string, bundled: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(name, bundled));
}

function load<T>(name: string, bundled: () => T): T {
  try {
    return bundled();
  } catch (error) {
    if (!noRequire(error) && !notFound(error)) throw error;
  }
  const { createRequire } = process.getBuiltinModule('node:module');
  try {
    return createRequire(import.meta.url)(name) as T;
  } catch (error) {
    if (!notFound(error)) throw error;
    throw new ConfigError(
      name,
      `cannot be loaded: the bundle does not carry it and no node_modules has it (the bundler must see its require() call: see ${BUNDLING})`,
      { cause: error },
    );
  }
}

/** A `require` that looked for the package and found nothing (a bundle that left it out, next to no node_modules). */
function notFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'MODULE_NOT_FOUND';
}

/** `require is not defined` (Node's ESM), or esbuild's stand-in for a `require` it could not bundle. */
function noRequire(error: unknown): boolean {
  return error instanceof ReferenceError || (error instanceof Error && error.message.startsWith('Dynamic require of '));
}
