import { fileURLToPath } from 'node:url';

/** The site's source (docs/), its build output and where the docs specs write what they make. */
export const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
export const DIST = fileURLToPath(new URL('../../../docs/.vitepress/dist/', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const EXAMPLES = fileURLToPath(new URL('../.examples/', import.meta.url));
export const ARTEFACTS = fileURLToPath(new URL('../artefacts/', import.meta.url));
