import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { sourceBuild } from './spec/support/source-build.js';

const lib = (path: string) => fileURLToPath(new URL(`./lib/${path}`, import.meta.url));
const WORKER_FILE = lib('utils/worker-file.ts');

/** The documentation specs that need the generated reference pages, the site build or Chromium. */
export const SITE_SPECS = ['spec/docs/site.spec.ts', 'spec/docs/examples.spec.ts', 'spec/docs/chain-paths.spec.ts'];

/**
 * The worker threads run the source build of lib/ (spec/support/source-build.setup.ts), whose worker files sit
 * next to its bundle as in a user's bundle: the module that finds them is told it lives in that bundle. Only its
 * base moves; the way it looks for the files is the library's own.
 */
const workersFromSource: Plugin = {
  name: 'wechatpay-ts:workers-from-source',
  transform(code, id) {
    if (id !== WORKER_FILE) return undefined;
    return code.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(join(sourceBuild(), 'index.js')).href));
  },
};

/**
 * `npm test`: everything that needs only Node. The documentation specs that need more (the site in Chromium, the
 * guides' examples type-checked, the reference pages) run apart, with `npm run test:site` (vitest.site.config.ts).
 */
export default defineConfig({
  plugins: [workersFromSource],
  resolve: {
    // The specs import the package by name, as users do, and get the source: never a stale dist/ build. Only the
    // specs of spec/package/ check the build itself, by running Node on a copy of the packed files.
    alias: [
      { find: /^wechatpay-ts$/, replacement: lib('index.ts') },
      { find: /^wechatpay-ts\/simulator$/, replacement: lib('simulator/index.ts') },
      { find: /^wechatpay-ts\/testing$/, replacement: lib('testing/index.ts') },
      { find: /^wechatpay-ts\/redis$/, replacement: lib('stores/index.ts') },
    ],
  },
  test: {
    include: ['spec/**/*.spec.ts'],
    exclude: [...SITE_SPECS, '**/node_modules/**'],
    // lib/ bundled for worker threads and child processes.
    globalSetup: ['./spec/support/source-build.setup.ts'],
    reporters: ['default', './spec/support/summary-reporter.ts'],
    // Vitest keeps a core free by default, which on a 2-core machine runs one file at a time: most specs wait on
    // sockets, worker threads and child processes, so one worker a core is the quicker run (about 2x here).
    maxWorkers: Math.max(2, availableParallelism()),
    // Files share a worker's module graph instead of importing lib/ afresh each (a third of the suite's CPU went to
    // that). The price: a spec that changes process-wide state (process.env, globals, msw's listen) restores it in
    // its own after-hooks, as every spec here does.
    isolate: false,
    // Synchronous calls block a thread while a worker runs the exchange; give slow CI machines room.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    benchmark: { include: ['spec/bench/**/*.bench.ts'] },
    // Type tests (*.spec-d.ts) run through tsc with the project's tsconfig.
    typecheck: { enabled: true, include: ['spec/**/*.spec-d.ts'], tsconfig: './tsconfig.json' },
  },
});
