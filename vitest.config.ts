import { defineConfig } from 'vitest/config';
import SiteLastSequencer from './spec/support/site-last-sequencer.js';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    // The docs specs read the reference pages generated from the catalog; they are written once, first.
    globalSetup: ['./spec/docs/generate-docs.setup.ts'],
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
