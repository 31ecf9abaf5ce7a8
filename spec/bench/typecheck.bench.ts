/**
 * What typing one call costs a user's type-check (issue 14), against the packed package as users install it:
 *
 *   npm run bench        (builds dist/, then `vitest bench --run`; this file alone:
 *                         npx vitest bench --run spec/bench/typecheck.bench.ts)
 *
 * Two throwaway projects, strict, `module: nodenext`, `skipLibCheck: false` (the costly setting: every declaration
 * file the program reads is checked): one whose only file imports `node:fs`, the floor any Node project pays for
 * @types/node, and one that makes a single typed call of this package. The file-level `beforeAll` runs
 * `tsc --extendedDiagnostics` on both, alternating, and the `afterAll` prints the medians of total time and memory
 * used as ratios against the floor (goal of the issue: at most 1.2× each).
 *
 * `npm run bench:types` (spec/bench/typecheck/run.mjs) stays: it answers another question, 50 calls against the
 * package as it was before typed endpoints.
 *
 * This is a measurement, not a pass/fail test: a missed goal is reported in the table, not thrown.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { printRows } from './support/print-rows.js';
import { packed, ROOT } from '../support/packed.js';

/** tsc runs per project, alternating; the medians are reported. */
const RUNS = 5;
const GOAL = 1.2;
const TSC = join(ROOT, 'node_modules/typescript/lib/tsc.js');
const run = promisify(execFile);

const CONSUMERS = {
  'node:fs only': ["import { readFileSync } from 'node:fs';", '', "export const text: string = readFileSync('a.txt', 'utf8');", ''],
  'one typed call': [
    "import { Builder } from 'wechatpay-ts';",
    '',
    "const instance = Builder.factory({ mchid: '1900000001', serial: 'ABC', privateKey: 'file:///tmp/key.pem', certs: {} });",
    '',
    'export async function codeUrl(): Promise<string> {',
    '  const res = await instance.v3.pay.transactions.native.postAsync({',
    "    json: { appid: 'wx', mchid: '1900000001', description: 'x', out_trade_no: 'T1', notify_url: 'https://x', amount: { total: 1 } },",
    '  });',
    '  return res.json().code_url;',
    '}',
    '',
  ],
} as const;
type Consumer = keyof typeof CONSUMERS;
const NAMES = Object.keys(CONSUMERS) as Consumer[];

interface Sample {
  /** tsc's `Total time`, seconds. */
  total: number;
  /** tsc's `Check time`, seconds. */
  check: number;
  /** tsc's `Memory used`, kilobytes. */
  memory: number;
  files: number;
}

let projects: Record<Consumer, string> | undefined;
let samples: Record<Consumer, Sample[]> | undefined;

/** A project holding one consumer file, with the installed package and @types/node in its node_modules. */
function project(name: Consumer, installed: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-typecheck-'));
  const compilerOptions = {
    target: 'ES2023',
    lib: ['ES2023'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: ['node'],
    strict: true,
    skipLibCheck: false,
    noEmit: true,
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
  writeFileSync(join(dir, 'consumer.ts'), CONSUMERS[name].join('\n'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(installed, join(dir, 'node_modules/wechatpay-ts'), 'dir');
  symlinkSync(join(ROOT, 'node_modules/@types'), join(dir, 'node_modules/@types'), 'dir');
  return dir;
}

/** One `tsc --extendedDiagnostics` run; throws when the consumer does not type-check. */
async function measure(dir: string): Promise<Sample> {
  const { stdout } = await run(process.execPath, [TSC, '-p', dir, '--extendedDiagnostics'], { encoding: 'utf8' }).catch((error) => {
    throw new Error(`${dir}/consumer.ts does not type-check:\n${error.stdout}`);
  });
  const read = (label: string) => {
    const value = Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(stdout)?.[1]);
    if (Number.isNaN(value)) throw new Error(`no ${label} in tsc's diagnostics:\n${stdout}`);
    return value;
  };
  return { total: read('Total time'), check: read('Check time'), memory: read('Memory used'), files: read('Files') };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

beforeAll(async () => {
  const installed = await packed();
  projects = { 'node:fs only': project('node:fs only', installed.package), 'one typed call': project('one typed call', installed.package) };
  const measured: Record<Consumer, Sample[]> = { 'node:fs only': [], 'one typed call': [] };
  // A first run of each warms the file cache; then alternate, so the load of a shared machine hits both alike.
  for (const name of NAMES) await measure(projects[name]);
  for (let i = 0; i < RUNS; i++) {
    for (const name of i % 2 ? [...NAMES].reverse() : NAMES) measured[name].push(await measure(projects[name]));
  }
  samples = measured;
}, 600_000);

afterAll(() => {
  try {
    if (!samples) return;
    const of = (name: Consumer, key: keyof Sample) => median(samples![name].map((sample) => sample[key]));
    const [floor, typed] = NAMES as [Consumer, Consumer];
    const what = 'one typed call, tsc without skipLibCheck vs a file importing only node:fs';
    printRows(`Type-checking a typed call (tsc --extendedDiagnostics, ${RUNS} alternating runs each, medians)`, [
      {
        row: `${what}: total time`,
        ratio: of(typed, 'total') / of(floor, 'total'),
        goal: GOAL,
        detail: `${of(typed, 'total').toFixed(2)} s vs ${of(floor, 'total').toFixed(2)} s (check ${of(typed, 'check').toFixed(2)} s vs ${of(floor, 'check').toFixed(2)} s)`,
      },
      {
        row: `${what}: memory`,
        ratio: of(typed, 'memory') / of(floor, 'memory'),
        goal: GOAL,
        detail: `${Math.round(of(typed, 'memory') / 1024)} MB vs ${Math.round(of(floor, 'memory') / 1024)} MB (${of(typed, 'files')} files vs ${of(floor, 'files')})`,
      },
    ]);
  } finally {
    for (const dir of Object.values(projects ?? {})) rmSync(dir, { recursive: true, force: true });
  }
});

describe('tsc --noEmit, skipLibCheck off', () => {
  for (const name of NAMES) {
    bench(
      name,
      async () => {
        await measure(projects![name]);
      },
      { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
    );
  }
});
