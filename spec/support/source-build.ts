import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../../scripts/bundle.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the specs find the source build: set by the global setup for the spec workers and the vite plugin. */
const VARIABLE = 'WECHATPAY_TS_SOURCE_BUILD';

/**
 * The entry points of lib/ as plain JavaScript, bundled the way docs/guide/bundling.md tells users to bundle: the
 * worker files under their bundled names, next to the code that spawns them. Specs use it wherever Node itself
 * must load the library: worker threads, and child processes (the CLI, `node -e` programs).
 */
const ENTRIES = {
  index: 'lib/index.ts',
  simulator: 'lib/simulator/index.ts',
  redis: 'lib/stores/index.ts',
  wechatpay: 'lib/cli/wechatpay.ts',
  'wechatpay-ts-sync-worker': 'lib/transports/sync-worker.ts',
  'wechatpay-ts-simulator-worker': 'lib/simulator/simulator-worker.ts',
};

/**
 * Bundles lib/ into a fresh folder under node_modules/.cache (so that the dependencies, left out of the bundle,
 * resolve from the project) and returns it. A package.json names the folder `wechatpay-ts`: a child process started
 * there imports `wechatpay-ts`, `wechatpay-ts/simulator` and `wechatpay-ts/redis` from this build, by self-reference.
 */
export async function buildSource(dir?: string): Promise<string> {
  const cache = join(ROOT, 'node_modules/.cache/wechatpay-ts');
  mkdirSync(cache, { recursive: true });
  // Folders of runs killed before their teardown, a day old.
  for (const name of readdirSync(cache)) {
    const old = join(cache, name);
    if (name.startsWith('source-') && statSync(old).mtimeMs < Date.now() - 86_400_000) rmSync(old, { recursive: true, force: true });
  }
  const out = dir ?? mkdtempSync(join(cache, 'source-'));
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, join(ROOT, path)])),
    // The package's own options (scripts/bundle.mjs), its chunks beside the entry points as a user's bundle has them.
    ...BUNDLE_OPTIONS,
    outdir: out,
  });
  const exports = { '.': './index.js', './simulator': './simulator.js', './redis': './redis.js' };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ name: 'wechatpay-ts', type: 'module', private: true, exports }, null, 2)}\n`);
  return out;
}

/** The folder of this run's source build (spec workers inherit it from the global setup). */
export function sourceBuild(): string {
  const dir = process.env[VARIABLE];
  if (!dir) throw new Error(`${VARIABLE} is not set: run the specs through vitest (vitest.config.ts builds lib/ first)`);
  return dir;
}

export function setSourceBuild(dir: string): void {
  process.env[VARIABLE] = dir;
}

/** The CLI, built from lib/cli/wechatpay.ts. */
export const sourceCli = () => join(sourceBuild(), 'wechatpay.js');
