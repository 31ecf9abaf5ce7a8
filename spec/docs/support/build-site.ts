import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DIST, EXAMPLES, ROOT } from './docs-paths.js';

/** Where the build started by the global setup reports how it ended: `{ status, ms, log }`. */
const STATUS = join(EXAMPLES, 'site-build.json');

interface BuildStatus {
  status: number | null;
  ms: number;
  log: string;
}

/**
 * Starts `vitepress build docs` in a child process and records its end in STATUS. The global setup calls this so
 * that the build (minutes, one core) runs while the other spec files do, instead of inside the site spec.
 */
export function startSiteBuild(): ChildProcess {
  mkdirSync(EXAMPLES, { recursive: true });
  rmSync(STATUS, { force: true });
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitepress/bin/vitepress.js'), 'build', 'docs'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('close', (status) => {
    const result: BuildStatus = { status, ms: performance.now() - started, log };
    writeFileSync(STATUS, JSON.stringify(result));
  });
  return child;
}

/**
 * Waits for the build the global setup started, or builds now when it started none (a run of this spec alone
 * without the setup's build, or `DOCS_REUSE_BUILD=1` with a build already there). Returns the build's duration (ms).
 */
export async function siteBuilt(timeout = 600_000): Promise<number> {
  if (process.env.DOCS_REUSE_BUILD === '1' && existsSync(join(DIST, 'index.html'))) return 0;
  if (process.env.DOCS_BUILD_STARTED !== '1') startSiteBuild();
  const deadline = Date.now() + timeout;
  while (!existsSync(STATUS)) {
    if (Date.now() > deadline) throw new Error('the documentation site did not finish building in time');
    await sleep(500);
  }
  const result = JSON.parse(readFileSync(STATUS, 'utf8')) as BuildStatus;
  if (result.status !== 0 || !existsSync(join(DIST, 'index.html'))) throw new Error(`vitepress build failed (${result.status}):\n${result.log}`);
  return result.ms;
}
