import { defineConfig, mergeConfig } from 'vitest/config';
import base, { REDIS_SPECS, SITE_SPECS } from './vitest.config.js';
import site from './vitest.site.config.js';

/**
 * `npm run test:integration`: what needs more than Node. The documentation site (as `npm run test:site`: Chromium,
 * the built site) and the Redis store, against a redis-server each spec file starts on a random 127.0.0.1 port with
 * nothing written to disk (Debian's `redis-server` package). Kept out of `npm test`.
 * `npm run test:integration -- spec/stores` runs the Redis specs alone.
 */
const merged = mergeConfig(base, defineConfig({ test: { typecheck: { enabled: false } } }));
merged.test = { ...site.test, include: [...SITE_SPECS, ...REDIS_SPECS], exclude: ['**/node_modules/**'] };
export default merged;
