import { defineConfig } from 'vitest/config';

/** The documentation specs that need the generated reference pages, the site build or Chromium. */
export const SITE_SPECS = ['spec/docs/site.spec.ts', 'spec/docs/examples.spec.ts', 'spec/docs/chain-paths.spec.ts'];

/**
 * `npm test`: everything that needs only Node. The documentation specs that need more (the site in Chromium, the
 * guides' examples type-checked, the reference pages) run apart, with `npm run test:site` (vitest.site.config.ts).
 */
export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    exclude: [...SITE_SPECS, '**/node_modules/**'],
    reporters: ['default', './spec/support/summary-reporter.ts'],
    // Synchronous calls block a thread while a worker runs the exchange; give slow CI machines room.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    benchmark: { include: ['spec/bench/**/*.bench.ts'] },
    // Type tests (*.spec-d.ts) run through tsc with the project's tsconfig.
    typecheck: { enabled: true, include: ['spec/**/*.spec-d.ts'], tsconfig: './tsconfig.json' },
  },
});
