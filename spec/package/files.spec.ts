import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packed, ROOT, type Packed } from '../support/packed.js';

let installed: Packed;

beforeAll(async () => {
  installed = await packed();
}, 180_000);

const text = (path: string) => readFileSync(join(installed.package, path), 'utf8');

/** Every file under `dir`, relative to it. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** Every path package.json points at: entry points, types, the bin, each condition of the exports map. */
function targets(manifest: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') found.push(value.replace(/^\.\//, ''));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([manifest.main, manifest.types, manifest.bin, manifest.exports, manifest.typesVersions]);
  return found;
}

/** The source modules whose code a built file holds: esbuild writes `// lib/…` above each one's code. */
const modulesIn = (file: string) => new Set([...text(file).matchAll(/^\/\/ (lib\/\S+)$/gm)].map((match) => match[1] as string));

describe('the files npm packs', () => {
  it('are package.json, README.md, CHANGELOG.md and the build: no sources, specs, source maps or JSON beside the code', () => {
    const others = installed.files.filter((file) => !file.startsWith('dist/'));
    expect(others).toEqual(['CHANGELOG.md', 'README.md', 'package.json']);
    expect(installed.files.filter((file) => !/\.(js|d\.ts)$/.test(file))).toEqual(others);
  });

  it('hold a declaration for each module of lib/, and as JavaScript the entry points and their chunks alone', () => {
    const sources = tree(join(ROOT, 'lib')).filter((file) => file.endsWith('.ts'));
    expect(installed.files.filter((file) => file.endsWith('.d.ts'))).toEqual(sources.map((file) => `dist/${file.replace(/\.ts$/, '.d.ts')}`).sort());
    const manifest = JSON.parse(text('package.json')) as Record<string, unknown>;
    const entries = [...new Set(targets(manifest).filter((path) => path.endsWith('.js')))].sort();
    expect(entries).toContain('dist/cli/wechatpay.js');
    const scripts = installed.files.filter((file) => file.endsWith('.js'));
    expect(scripts.filter((file) => !file.startsWith('dist/chunks/'))).toEqual(entries);
    // Chunks: named by esbuild from their first module or `chunk`, with a content hash; no folder under chunks/.
    expect(scripts.filter((file) => file.startsWith('dist/chunks/') && !/^dist\/chunks\/[a-z-]+-[A-Z0-9]{8}\.js$/.test(file))).toEqual([]);
    // Every module with code is in exactly one built file: no class defined twice, so instanceof holds across entries.
    const homes = new Map<string, string[]>();
    for (const file of scripts) for (const module of modulesIn(file)) homes.set(module, [...(homes.get(module) ?? []), file]);
    expect(homes.size).toBeGreaterThan(100);
    expect([...homes].filter(([, files]) => files.length > 1)).toEqual([]);
  });

  it('mark the generated catalog declarations @ts-nocheck: a program without skipLibCheck reads them, unchecked', () => {
    const generated = installed.files.filter((file) => file.startsWith('dist/endpoints/generated/') && file.endsWith('.d.ts'));
    expect(generated.length).toBeGreaterThan(100);
    expect(generated.filter((file) => !text(file).startsWith('// @ts-nocheck\n'))).toEqual([]);
  });

  it('include every path package.json names', () => {
    const manifest = JSON.parse(text('package.json')) as Record<string, unknown>;
    const named = targets(manifest);
    expect(named).toContain('dist/cli/wechatpay.js');
    expect(named.filter((path) => !installed.files.includes(path))).toEqual([]);
  });

  it('read nothing relative to their own location but the worker files (which a bundle places itself)', () => {
    const scripts = installed.files.filter((file) => file.endsWith('.js'));
    const holding = (module: string) => scripts.filter((file) => modulesIn(file).has(module));
    // lazy-package.ts requires the dependencies loaded on first use, by package name, from node_modules.
    const readers = scripts.filter((file) => text(file).includes('import.meta'));
    expect(readers.sort()).toEqual([...new Set([...holding('lib/utils/lazy-package.ts'), ...holding('lib/utils/worker-file.ts')])].sort());
    expect(readers.map((file) => text(file).split('import.meta').length - 1).reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(scripts.filter((file) => text(file).includes('createRequire'))).toEqual(holding('lib/utils/lazy-package.ts'));
    // worker-file.ts finds the package's worker files from dist/chunks/, one folder down as they are.
    expect(holding('lib/utils/worker-file.ts')).toEqual([expect.stringMatching(/^dist\/chunks\/[^/]+$/)]);
    // Nor package.json, which a bundled program does not have: no require() of it, no path to it.
    expect(scripts.filter((file) => /['"`][^'"`\n]*package\.json['"`]/.test(text(file)))).toEqual([]);
  });

  it('require() nothing but the dependencies package.json declares, by name', () => {
    const manifest = JSON.parse(text('package.json')) as { dependencies: Record<string, string> };
    const required = installed.files
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => [...text(file).matchAll(/\brequire\(\s*(['"`])([^'"`]*)\1\s*\)/g)].map((match) => match[2] as string));
    expect(required.filter((name) => !Object.hasOwn(manifest.dependencies, name))).toEqual([]);
    // The parsers loaded on first use, by literal calls that a user's bundler follows (not esbuild's __require).
    expect(required.sort()).toEqual(['fast-xml-parser', 'mime']);
    expect(installed.files.filter((file) => file.endsWith('.js') && text(file).includes('__require'))).toEqual([]);
  });

  it('give the typed endpoints no weight at run time: no code of theirs in any built file', () => {
    const generated = installed.files.filter((file) => file.startsWith('dist/endpoints/'));
    expect(generated.length).toBeGreaterThan(100);
    expect(generated.filter((file) => !file.endsWith('.d.ts'))).toEqual([]);
    const scripts = installed.files.filter((file) => file.endsWith('.js'));
    expect(scripts.filter((file) => [...modulesIn(file)].some((module) => module.startsWith('lib/endpoints/')))).toEqual([]);
  });
});
