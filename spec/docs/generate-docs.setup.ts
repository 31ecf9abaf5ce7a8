import type { ChildProcess } from 'node:child_process';
import { generateDocs } from '../../scripts/generate-docs.mjs';
import { startSiteBuild } from './support/build-site.js';

let build: ChildProcess | undefined;

/**
 * Writes the reference pages once, before any spec runs (the examples spec reads them, the site is built from
 * them, and neither may see them rewritten halfway), then starts building the site in the background: it takes a
 * few minutes on one core, which the other spec files can use meanwhile. The site spec waits for it.
 */
export default function setup(): () => void {
  generateDocs();
  if (process.env.DOCS_REUSE_BUILD !== '1' && wantsSite()) {
    build = startSiteBuild();
    // Spec workers inherit the environment: tells the site spec a build is under way.
    process.env.DOCS_BUILD_STARTED = '1';
  }
  return () => {
    if (build && build.exitCode === null) build.kill();
  };
}

/** Whether this run includes the site spec: all specs, or file filters that name it. */
function wantsSite(): boolean {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-') && arg !== 'run' && !arg.includes('vitest'));
  return filters.length === 0 || filters.some((filter) => 'spec/docs/site.spec.ts'.includes(filter));
}
