import { defineConfig, mergeConfig } from 'vitest/config';
import SiteLastSequencer from './spec/support/site-last-sequencer.js';
import base, { SITE_SPECS } from './vitest.config.js';

/**
 * `npm run test:site`: the documentation. Writes the reference pages from the catalog, builds the VitePress site,
 * type-checks every guide's code blocks, and drives the built site in Chromium (Debian's, at /usr/bin/chromium, or
 * CHROMIUM_PATH). Kept out of `npm test`, which needs only Node.
 */
const site = mergeConfig(
  base,
  defineConfig({
    test: {
      include: SITE_SPECS,
      exclude: ['**/node_modules/**'],
      // Then the reference pages generated from the catalog, which the docs specs read, written once, first.
      globalSetup: ['./spec/docs/generate-docs.setup.ts'],
      sequence: { sequencer: SiteLastSequencer },
      typecheck: { enabled: false },
      testTimeout: 60_000,
      hookTimeout: 600_000,
    },
  }),
);

// mergeConfig concatenates arrays: the base's include (every spec) and exclude (these very specs) would remain.
site.test.include = SITE_SPECS;
site.test.exclude = ['**/node_modules/**'];

export default site;
