import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildSource, setSourceBuild } from './source-build.js';

/**
 * Bundles lib/ with esbuild before any spec runs (about half a second), and again before each rerun in watch mode,
 * so that worker threads and child processes run the source being edited, as the specs themselves do
 * (vitest.config.ts). The folder is this run's own, removed at the end.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = await buildSource();
  setSourceBuild(dir);
  project.onTestsRerun(async () => {
    await buildSource(dir);
  });
  return () => rmSync(dir, { recursive: true, force: true });
}
