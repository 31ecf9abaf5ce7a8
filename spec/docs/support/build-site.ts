import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT } from './docs-paths.js';

/**
 * Builds the site from the pages generated for this run; returns how long it took (ms). With `DOCS_REUSE_BUILD=1`
 * an existing build is used as it is (for working on the browser checks; CI always builds).
 */
export function buildSite(): number {
  if (process.env.DOCS_REUSE_BUILD === '1' && existsSync(join(DIST, 'index.html'))) return 0;
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitepress/bin/vitepress.js'), 'build', 'docs'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 || !existsSync(join(DIST, 'index.html'))) {
    throw new Error(`vitepress build failed (${result.status}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  }
  return performance.now() - started;
}
