#!/usr/bin/env node
// Builds the package's JavaScript with esbuild: one file per entry point (each `exports` entry of package.json and
// the CLI bin, the worker files among them, at the paths package.json names) and the chunks they share, in
// dist/chunks/. Node's ESM loader pays for every file it resolves, reads and links: tsc's one file per module made
// `import('wechatpay-ts')` load about 130 of them. tsc still writes the declarations (tsconfig.build.json,
// emitDeclarationOnly). `npm run build` runs it; spec/support/source-build.ts shares BUNDLE_OPTIONS.
//
//   node scripts/bundle.mjs [dist]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * The JSON tables (the simulator's catalog routes and callback events, the sensitive fields, the retry's deduplicated
 * operations) go into the code that imports them as a string for `JSON.parse`, not as esbuild's object literal: V8
 * reads JSON quicker than the same data as JavaScript (importing the simulator took 8 ms less, out of 97).
 */
const jsonParse = {
  name: 'wechatpay-ts:json-parse',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});\n`,
      loader: 'js',
    }));
  },
};

/**
 * What every build of lib/ shares, the package's and the tests': ES modules for Node 20, the entry points sharing
 * chunks (one copy of each class, so that `instanceof` holds across entry points), the dependencies left as imports.
 * Not minified: each module's code follows a `// lib/…` line, which spec/package/import-graph.spec.ts reads.
 */
export const BUNDLE_OPTIONS = Object.freeze({
  plugins: [jsonParse],
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

/** The chunks' folder, one level under dist/ as dist/utils/ was: lib/utils/worker-file.ts counts on that depth. */
export const CHUNKS = 'chunks';

/** The module that finds the worker files relative to its own file (import.meta.url): it must be in CHUNKS. */
const WORKER_FILE = 'lib/utils/worker-file.ts';

/** The module whose `require()` calls of the lazily loaded parsers must stay literal (see literalRequire). */
const PACKAGES = 'lib/utils/packages.ts';
const PLACEHOLDER = '__wechatpayTsRequire';

/** The entry points, `dist/x/y.js` → `lib/x/y.ts`: every JavaScript path package.json's exports and bin name. */
export function entryPoints(manifest) {
  const paths = new Set();
  const walk = (value) => {
    if (typeof value === 'string') {
      if (value.endsWith('.js')) paths.add(value.replace(/^\.\//, ''));
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([manifest.exports, manifest.bin]);
  return Object.fromEntries(
    [...paths].sort().map((path) => {
      if (!path.startsWith('dist/')) throw new Error(`package.json names ${path}, outside dist/`);
      const name = path.slice('dist/'.length, -'.js'.length);
      return [name, join(ROOT, 'lib', `${name}.ts`)];
    }),
  );
}

/**
 * esbuild turns a `require('x')` of a package it leaves out into a call of its own helper, which a user's bundler
 * cannot follow: the parsers would not enter their bundles (docs/guide/bundling.md). The calls of packages.ts are
 * renamed before esbuild reads them and named `require` again in its output, as tsc wrote them.
 */
const literalRequire = {
  name: 'wechatpay-ts:literal-require',
  setup(build) {
    build.onLoad({ filter: /[\\/]lib[\\/]utils[\\/]packages\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll(/\brequire\(/g, `${PLACEHOLDER}(`),
      loader: 'ts',
    }));
  },
};

/** Bundles lib/ into `dist`; returns esbuild's metafile. */
export async function bundlePackage(dist) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const { metafile } = await build({
    ...BUNDLE_OPTIONS,
    absWorkingDir: ROOT,
    entryPoints: entryPoints(manifest),
    outdir: dist,
    chunkNames: `${CHUNKS}/[name]-[hash]`,
    plugins: [...BUNDLE_OPTIONS.plugins, literalRequire],
    metafile: true,
  });
  const holding = (module) => Object.keys(metafile.outputs).filter((path) => Object.hasOwn(metafile.outputs[path].inputs, module));
  const [finder, ...more] = holding(WORKER_FILE);
  if (!finder || more.length > 0 || relative(dist, dirname(join(ROOT, finder))) !== CHUNKS)
    throw new Error(`${WORKER_FILE} must be bundled into one chunk of ${CHUNKS}/, not ${holding(WORKER_FILE).join(', ') || 'nowhere'}`);
  let renamed = 0;
  for (const path of holding(PACKAGES)) {
    const file = join(ROOT, path);
    const text = readFileSync(file, 'utf8');
    renamed += text.split(`${PLACEHOLDER}(`).length - 1;
    writeFileSync(file, text.replaceAll(`${PLACEHOLDER}(`, 'require('));
  }
  if (renamed !== 2) throw new Error(`expected the two require() calls of ${PACKAGES} in the output, found ${renamed}`);
  return metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundlePackage(process.argv[2] ?? join(ROOT, 'dist'));
}
