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

describe('the files npm packs', () => {
  it('are package.json, README.md, CHANGELOG.md and the build: no sources, specs or source maps', () => {
    const others = installed.files.filter((file) => !file.startsWith('dist/'));
    expect(others).toEqual(['CHANGELOG.md', 'README.md', 'package.json']);
    expect(installed.files.filter((file) => !/\.(js|d\.ts)$/.test(file))).toEqual(
      [
        ...others,
        'dist/retry/deduplicated.json',
        'dist/sensitive-fields/encrypted-fields.json',
        'dist/simulator/catalog-routes.json',
        'dist/simulator/webhook-events.json',
      ].sort(),
    );
  });

  it('hold exactly lib/ built: each module as .js and .d.ts, nothing left over from an older build', () => {
    const sources = tree(join(ROOT, 'lib')).filter((file) => file.endsWith('.ts'));
    const expected = sources.flatMap((file) => [`dist/${file.replace(/\.ts$/, '.js')}`, `dist/${file.replace(/\.ts$/, '.d.ts')}`]);
    expect(installed.files.filter((file) => /\.(js|d\.ts)$/.test(file))).toEqual(expected.sort());
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
    const readers = installed.files.filter((file) => file.endsWith('.js') && text(file).includes('import.meta'));
    // lazy-package.js requires the dependencies loaded on first use, by package name, from node_modules.
    expect(readers).toEqual(['dist/utils/lazy-package.js', 'dist/utils/worker-file.js']);
    expect(installed.files.filter((file) => file.endsWith('.js') && text(file).includes('createRequire'))).toEqual(['dist/utils/lazy-package.js']);
    // Nor package.json, which a bundled program does not have: no require() of it, no path to it.
    expect(installed.files.filter((file) => file.endsWith('.js') && /['"`][^'"`\n]*package\.json['"`]/.test(text(file)))).toEqual([]);
  });

  it('require() nothing but the dependencies package.json declares, by name', () => {
    const manifest = JSON.parse(text('package.json')) as { dependencies: Record<string, string> };
    const required = installed.files
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => [...text(file).matchAll(/\brequire\(\s*(['"`])([^'"`]*)\1\s*\)/g)].map((match) => match[2] as string));
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !Object.hasOwn(manifest.dependencies, name))).toEqual([]);
  });

  it('give the typed endpoints no weight at run time: no module imports them, and each compiles to nothing', () => {
    const modules = installed.files.filter((file) => file.endsWith('.js'));
    expect(modules.filter((file) => /from ['"][^'"]*endpoints\//.test(text(file)))).toEqual([]);
    const generated = modules.filter((file) => file.startsWith('dist/endpoints/'));
    expect(generated.length).toBeGreaterThan(100);
    for (const file of generated) expect(text(file).trim(), file).toBe('export {};');
  });
});
