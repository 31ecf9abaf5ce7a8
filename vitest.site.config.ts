import { defineConfig, mergeConfig } from 'vitest/config';
import SiteLastSequencer from './spec/support/site-last-sequencer.js';
import base, { SITE_SPECS } from './vitest.config.js';

/**
 * `npm run test:site`: the documentation. Writes the reference pages from the catalog, builds the VitePress site,
 * type-checks every guide's code blocks, and drives the built site in Chromium (Debian's, at /usr/bin/chromium, or
 * CHROMIUM_PATH). Kept out of `npm test`, which needs only Node.
 */
const merged = mergeConfig(
  base,
  defineConfig({
    test: {
      sequence: { sequencer: SiteLastSequencer },
      typecheck: { enabled: false },
      testTimeout: 60_000,
      hookTimeout: 600_000,
    },
  }),
);
// mergeConfig joins arrays; these replace npm test's lists: only the site specs, and the reference pages generated
// from the catalog (which they read) written once, first, after the source build.
merged.test = {
  ...merged.test,
  include: SITE_SPECS,
  exclude: ['**/node_modules/**'],
  globalSetup: ['./spec/support/source-build.setup.ts', './spec/docs/generate-docs.setup.ts'],
};
export default merged;
