#!/usr/bin/env node
// Writes lib/version.ts from package.json: the library names itself in its User-Agent without reading
// package.json at run time, which a bundled program does not have. `npm run build` runs it first, and so does
// `npm version` (the "version" script), so a release never ships the previous number.
//
//   node scripts/write-version.mjs            write lib/version.ts (untouched when already right)
//   node scripts/write-version.mjs --check    exit 1 if lib/version.ts is not what package.json gives
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const OUTPUT = fileURLToPath(new URL('lib/version.ts', root));

/** The text of lib/version.ts for a parsed package.json. */
export function versionModule(manifest) {
  const undici = /^\D*(\d+)\./.exec(manifest.dependencies?.undici ?? '')?.[1];
  if (!manifest.version || !undici) throw new Error('package.json needs a "version" and an undici dependency such as "^7.0.0"');
  return `// Generated from package.json by scripts/write-version.mjs (npm run build); do not edit.

/** This package's version. */
export const VERSION = '${manifest.version}';

/** The major version of undici this package depends on (its range allows no other). */
export const UNDICI_MAJOR = '${undici}';
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const want = versionModule(JSON.parse(readFileSync(new URL('package.json', root), 'utf8')));
  let have = '';
  try {
    have = readFileSync(OUTPUT, 'utf8');
  } catch {
    // not written yet
  }
  if (process.argv.includes('--check')) {
    if (have !== want) {
      process.stderr.write('write-version: lib/version.ts is out of date with package.json; run node scripts/write-version.mjs\n');
      process.exitCode = 1;
    }
  } else if (have !== want) {
    writeFileSync(OUTPUT, want);
  }
}
