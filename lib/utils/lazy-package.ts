/**
 * A dependency loaded on its first use, not when the package is imported: most programs never parse XML, read a
 * bill or upload a file, and `import('wechatpay-ts')` should not pay for the parsers. Synchronous calls need it
 * synchronously, so it is a `require`:
 *
 * - `bundled` is the `require` call of the package written out with its name, so that a bundler (esbuild, webpack)
 *   sees the literal and carries the package into the bundle, loading it lazily there too;
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
    if (!noRequire(error)) throw error;
  }
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(import.meta.url)(name) as T;
}

/** `require is not defined` (Node's ESM), or esbuild's stand-in for a `require` it could not bundle. */
function noRequire(error: unknown): boolean {
  return error instanceof ReferenceError || (error instanceof Error && error.message.startsWith('Dynamic require of '));
}
