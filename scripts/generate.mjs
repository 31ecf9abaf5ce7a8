#!/usr/bin/env node
/**
 * Writes every file generated from the WeChat Pay API catalog (scripts/catalog/wechatpay-api.json), through one
 * loader and one set of repairs (scripts/catalog/model.mjs):
 *
 *   npm run generate                       write what is out of date, delete what no generator makes any more
 *   npm run generate -- --check            write nothing; exit 1 naming each file that is out of date
 *   options: --catalog FILE (another catalog), --root DIR (read and write under DIR instead of the repository)
 *
 * A generator is a module in {@link GENERATORS} that exports `files(model)`: a Map from a path relative to the
 * repository root (with `/`) to the full text that file must hold. It may also export `directories`: folders it
 * writes whole, where a file it no longer makes is out of date (and deleted when writing). Adding a generator is
 * one line in the list. (The docs generator, scripts/generate-docs.mjs, reads the same model; its pages are not
 * committed, so it runs on its own: `npm run docs:generate`.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_CATALOG, loadModel } from './catalog/model.mjs';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The generators, in the order they run (each independent of the others' output). */
export const GENERATORS = [
  './generate-webhooks.mjs',
  './generate-encrypted-fields.mjs',
  './generate-types.mjs',
  './generate-paths.mjs',
  './generate-simulator-routes.mjs',
  './generate-deduplicated.mjs',
];

/**
 * Every generated file of the model, and the folders written whole.
 * @param {import('./catalog/model.mjs').Model} model
 * @returns {Promise<{ files: Map<string, string>, directories: string[] }>}
 */
export async function render(model) {
  const files = new Map();
  const directories = [];
  for (const specifier of GENERATORS) {
    const generator = await import(new URL(specifier, import.meta.url).href);
    if (typeof generator.files !== 'function') throw new Error(`${specifier} exports no files(model) function`);
    for (const [path, text] of generator.files(model)) {
      if (files.has(path)) throw new Error(`${path} is made by two generators (the second: ${specifier})`);
      files.set(path, text);
    }
    directories.push(...(generator.directories ?? []));
  }
  return { files, directories };
}

/** The files under `directory` of `root`, relative to `root`, with `/`. */
function listed(root, directory) {
  const found = [];
  const walk = (relative) => {
    const full = join(root, relative);
    if (!existsSync(full)) return;
    for (const entry of readdirSync(full, { withFileTypes: true })) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else found.push(path);
    }
  };
  walk(directory.replace(/\/+$/, ''));
  return found;
}

/**
 * What differs under `root` from the rendered files: `stale` (missing or different) and `extra` (in a folder a
 * generator writes whole, but no longer made).
 */
export function compare({ files, directories }, root = ROOT) {
  const stale = [];
  for (const [path, text] of files) {
    let current;
    try {
      current = readFileSync(join(root, path), 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== text) stale.push(path);
  }
  const extra = directories.flatMap((directory) => listed(root, directory)).filter((path) => !files.has(path));
  return { stale, extra };
}

/** Writes the stale files and deletes the extra ones; returns what it did. */
export function write(rendered, root = ROOT) {
  const { stale, extra } = compare(rendered, root);
  for (const path of stale) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), rendered.files.get(path));
  }
  for (const path of extra) rmSync(join(root, path));
  return { stale, extra };
}

async function main(argv) {
  const option = (name) => {
    const at = argv.indexOf(name);
    if (at < 0) return undefined;
    if (!argv[at + 1] || argv[at + 1].startsWith('--')) throw new Error(`${name} needs a value`);
    return resolve(argv[at + 1]);
  };
  const known = new Set(['--check', '--catalog', '--root']);
  const unknown = argv.filter((arg, i) => (arg.startsWith('--') ? !known.has(arg) : !['--catalog', '--root'].includes(argv[i - 1])));
  if (unknown.length) throw new Error(`unknown argument ${unknown[0]} (use --check, --catalog FILE, --root DIR)`);
  const catalog = option('--catalog') ?? DEFAULT_CATALOG;
  const root = option('--root') ?? ROOT;
  const rendered = await render(loadModel(catalog));
  if (argv.includes('--check')) {
    const { stale, extra } = compare(rendered, root);
    if (stale.length === 0 && extra.length === 0) {
      console.log(`generate: ${rendered.files.size} files up to date`);
      return 0;
    }
    for (const path of stale) console.error(`out of date: ${path}`);
    for (const path of extra) console.error(`no longer generated: ${path}`);
    console.error(`generate: ${stale.length + extra.length} files differ from what the catalog gives; run npm run generate`);
    return 1;
  }
  const { stale, extra } = write(rendered, root);
  for (const path of stale) console.log(`wrote ${path}`);
  for (const path of extra) console.log(`deleted ${path}`);
  console.log(`generate: ${rendered.files.size} files, ${stale.length} written, ${extra.length} deleted`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`generate: ${error.message}`);
      process.exitCode = 2;
    },
  );
}
