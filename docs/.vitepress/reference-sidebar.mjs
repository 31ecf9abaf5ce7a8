import { existsSync, readFileSync } from 'node:fs';

const GENERATED = new URL('./generated/sidebar.json', import.meta.url);

/** The sidebars of the generated reference (API and callbacks), or none before `npm run docs:generate` ran. */
export function referenceSidebar() {
  return existsSync(GENERATED) ? JSON.parse(readFileSync(GENERATED, 'utf8')) : {};
}
