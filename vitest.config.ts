import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { sourceBuild } from './spec/support/source-build.js';
import SiteLastSequencer from './spec/support/site-last-sequencer.js';

const lib = (path: string) => fileURLToPath(new URL(`./lib/${path}`, import.meta.url));
const WORKER_FILE = lib('utils/worker-file.ts');

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

export default defineConfig({
  plugins: [workersFromSource],
  resolve: {
    // The specs import the package by name, as users do, and get the source: never a stale dist/ build. Only the
    // specs of spec/package/ check the build itself, by running Node on a copy of the packed files.
    alias: [
      { find: /^wechatpay-ts$/, replacement: lib('index.ts') },
      { find: /^wechatpay-ts\/simulator$/, replacement: lib('simulator/index.ts') },
    ],
  },
  test: {
    include: ['spec/**/*.spec.ts'],
    // lib/ bundled for worker threads and child processes; then the reference pages generated from the catalog,
    // which the docs specs read, written once, first.
    globalSetup: ['./spec/support/source-build.setup.ts', './spec/docs/generate-docs.setup.ts'],
    sequence: { sequencer: SiteLastSequencer },
    reporters: ['default', './spec/support/summary-reporter.ts'],
    // Synchronous calls block a thread while a worker runs the exchange; give slow CI machines room.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    benchmark: { include: ['spec/bench/**/*.bench.ts'] },
    // Type tests (*.spec-d.ts) run through tsc with the project's tsconfig.
    typecheck: { enabled: true, include: ['spec/**/*.spec-d.ts'], tsconfig: './tsconfig.json' },
  },
});
