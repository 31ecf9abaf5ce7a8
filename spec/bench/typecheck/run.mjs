#!/usr/bin/env node
/**
 * The type-check benchmark of typed endpoints (npm run bench:types): consumer.ts, which calls 50 catalog endpoints,
 * is type-checked with `tsc --extendedDiagnostics` against this package (typed) and against the package as it was
 * before typed endpoints (untyped, built from git), several runs each, alternating. It prints the medians of check
 * time, total time and memory used, and fails when the typed build needs more than 2× any of them.
 *
 *   npm run build && node spec/bench/typecheck/run.mjs [--runs 5]
 *
 * UNTYPED_REF names the untyped commit; by default the parent of the commit that added lib/endpoints/typed-call.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/lib/tsc.js');
const CONSUMER = fileURLToPath(new URL('consumer.ts', import.meta.url));
const LIMIT = 2;
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 5;

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

/** The untyped package: the commit before typed endpoints, built once into node_modules/.cache. */
function untypedPackage() {
  const ref = process.env.UNTYPED_REF ?? `${git('log', '--diff-filter=A', '--format=%H', '--', 'lib/endpoints/typed-call.ts').split('\n').at(-1)}^`;
  const sha = git('rev-parse', ref);
  const dir = join(ROOT, 'node_modules/.cache/wechatpay-bench', `untyped-${sha.slice(0, 12)}`);
  if (!existsSync(join(dir, 'dist/index.d.ts'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C '${dir}'`], { cwd: ROOT });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
  }
  return { dir, sha };
}

/** A throwaway project holding consumer.ts, whose `wechatpay-ts` is `packageDir`. */
function consumerProject(name, packageDir) {
  const dir = mkdtempSync(join(tmpdir(), `typecheck-${name}-`));
  const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `bench-${name}`, type: 'module', private: true }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true }, files: ['consumer.ts'] }));
  writeFileSync(join(dir, 'consumer.ts'), readFileSync(CONSUMER, 'utf8'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(packageDir, join(dir, 'node_modules/wechatpay-ts'), 'dir');
  symlinkSync(join(ROOT, 'node_modules/@types'), join(dir, 'node_modules/@types'), 'dir');
  return dir;
}

/** One `tsc --extendedDiagnostics` run: seconds and kilobytes. */
function measure(project) {
  let out;
  try {
    out = execFileSync(process.execPath, [TSC, '-p', project, '--extendedDiagnostics'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`consumer.ts does not type-check in ${project}:\n${error.stdout}`);
  }
  const read = (label) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(out)?.[1]);
  return { check: read('Check time'), total: read('Total time'), memory: read('Memory used'), files: read('Files') };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const untyped = untypedPackage();
const projects = { untyped: consumerProject('untyped', untyped.dir), typed: consumerProject('typed', ROOT) };
const samples = { untyped: [], typed: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    for (const name of run % 2 ? ['typed', 'untyped'] : ['untyped', 'typed']) samples[name].push(measure(projects[name]));
  }
} finally {
  for (const dir of Object.values(projects)) rmSync(dir, { recursive: true, force: true });
}

const summary = {};
for (const name of ['untyped', 'typed']) {
  summary[name] = Object.fromEntries(['check', 'total', 'memory', 'files'].map((key) => [key, median(samples[name].map((sample) => sample[key]))]));
}
console.log(`consumer.ts (50 endpoints), ${RUNS} runs each, medians; untyped = ${untyped.sha.slice(0, 12)}`);
console.log('             check time   total time   memory used   files');
for (const name of ['untyped', 'typed']) {
  const { check, total, memory, files } = summary[name];
  console.log(
    `${name.padEnd(10)} ${check.toFixed(2).padStart(10)} s ${total.toFixed(2).padStart(10)} s ${String(Math.round(memory / 1024)).padStart(9)} MB ${String(files).padStart(7)}`,
  );
}
const ratios = Object.fromEntries(['check', 'total', 'memory'].map((key) => [key, summary.typed[key] / summary.untyped[key]]));
console.log(
  `ratio      ${ratios.check.toFixed(2).padStart(10)}×  ${ratios.total.toFixed(2).padStart(10)}×  ${ratios.memory.toFixed(2).padStart(10)}×\n`,
);
const over = Object.entries(ratios).filter(([, ratio]) => ratio > LIMIT);
if (over.length > 0) {
  console.error(`typed endpoints cost more than ${LIMIT}× in ${over.map(([key]) => key).join(', ')}`);
  process.exit(1);
}
