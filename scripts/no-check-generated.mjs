#!/usr/bin/env node
// Marks the built declarations of the generated catalog types (dist/endpoints/generated/) `// @ts-nocheck`, as their
// sources are: `npm run build` runs it after tsc, whose declaration output drops the line. A user's tsc without
// skipLibCheck then reads them for the types they give but does not check them again: checking 2.3 MB of
// declarations cost one typed call a sixth of its time and 18 MB of memory (the type-checking cost in
// docs/guide/typed-endpoints.md). spec/endpoints/generate-types.spec.ts type-checks the modules once.
//
//   node scripts/no-check-generated.mjs [dist]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIRECTIVE = '// @ts-nocheck';

/** Prepends the directive to every `.d.ts` under `dir` that lacks it; returns how many files it changed. */
export function markNoCheck(dir) {
  let changed = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    if (text.startsWith(`${DIRECTIVE}\n`)) continue;
    writeFileSync(
      file,
      `${DIRECTIVE}\n// Generated catalog types, type-checked once by the package's tests: not again by every program reading them.\n${text}`,
    );
    changed++;
  }
  return changed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
  const changed = markNoCheck(join(dist, 'endpoints/generated'));
  if (changed === 0) throw new Error(`no generated declarations to mark under ${dist}: run tsc -p tsconfig.build.json first`);
}
