import { generateDocs } from '../../scripts/generate-docs.mjs';

/**
 * Writes the reference pages once, before any spec runs: the examples spec reads them and the site spec builds
 * them, and neither may see the other rewrite them halfway.
 */
export default function setup(): void {
  generateDocs();
}
