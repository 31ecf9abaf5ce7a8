import { defineConfig } from 'vitest/config';

/**
 * `npm test`: everything that needs only Node. The documentation specs (the site in Chromium, the guides'
 * examples type-checked, the reference pages) run apart, with `npm run test:site` (vitest.site.config.ts).
 */
export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    exclude: ['spec/docs/**', '**/node_modules/**'],
    reporters: ['default', './spec/support/summary-reporter.ts'],
    // Synchronous calls block a thread while a worker runs the exchange; give slow CI machines room.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    benchmark: { include: ['spec/bench/**/*.bench.ts'] },
    // Type tests (*.spec-d.ts) run through tsc with the project's tsconfig.
    typecheck: { enabled: true, include: ['spec/**/*.spec-d.ts'], tsconfig: './tsconfig.json' },
  },
});
