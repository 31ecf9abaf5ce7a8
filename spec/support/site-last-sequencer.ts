import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Runs the documentation site spec after every other file. The site builds in the background from the start of
 * the run (spec/docs/generate-docs.setup.ts); a worker that took the site spec early would sit idle waiting for it.
 */
export default class SiteLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isSite = (file: TestSpecification) => file.moduleId.endsWith('spec/docs/site.spec.ts');
    return [...sorted.filter((file) => !isSite(file)), ...sorted.filter(isSite)];
  }
}
