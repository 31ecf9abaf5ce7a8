/**
 * What loading the package costs a program, in fresh Node processes:
 *
 *   npx vitest bench --run spec/bench/import-time.bench.ts    (builds dist/ first when it is older than lib/)
 *
 * 1. Cold import (file-level `beforeAll`): a child `node` times `await import('wechatpay-ts')` (the built package,
 *    by self-reference), another times `await import('undici')` alone, the floor any client of ours pays. ROUNDS
 *    rounds, the variants interleaved so the noise of a small shared machine hits both alike; medians compared.
 *    Each child also reports the CPU time of its import (`process.cpuUsage()`), which other programs on a busy
 *    machine disturb less than the wall time.
 * 2. CLI start-up: the wall time of `node dist/cli/wechatpay.js --version`, spawn to exit, against `node -e 0`.
 * 3. File-level `afterAll` prints the rows with their goals. A measurement, not a pass/fail test.
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { builtFromCurrentSources, ROOT, run } from '../support/packed.js';
import { printRows } from './support/print-rows.js';

const ROUNDS = 21;
const GOAL_IMPORT = 1.3;
const GOAL_CLI = 1.5;
const exec = promisify(execFile);

/** A child that prints how long its dynamic import of `specifier` took, wall and CPU, in milliseconds. */
const timing = (specifier: string) =>
  `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(specifier)});
  const wall = performance.now() - t; const { user, system } = process.cpuUsage(c);
  process.stdout.write(JSON.stringify([wall, (user + system) / 1000]));`;

/** CPU milliseconds of the imports, by variant, next to the wall times in `samples`. */
const cpu: Record<string, number[]> = {};

async function importTime(specifier: string): Promise<number> {
  const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', timing(specifier)], { cwd: ROOT });
  const [wall, used] = JSON.parse(stdout) as [number, number];
  (cpu[specifier] ??= []).push(used);
  return wall;
}

async function startTime(args: string[]): Promise<number> {
  const started = performance.now();
  await exec(process.execPath, args, { cwd: ROOT });
  return performance.now() - started;
}

const VARIANTS = {
  'wechatpay-ts': () => importTime('wechatpay-ts'),
  undici: () => importTime('undici'),
  'wechatpay --version': () => startTime(['dist/cli/wechatpay.js', '--version']),
  'node -e 0': () => startTime(['-e', '0']),
} as const;
type Variant = keyof typeof VARIANTS;

const samples = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, [] as number[]])) as Record<Variant, number[]>;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

beforeAll(async () => {
  if (!builtFromCurrentSources()) await run('npm', ['run', 'build', '--silent']);
  const names = Object.keys(VARIANTS) as Variant[];
  // One warm-up round: the first spawn pays for the file system cache.
  for (const name of names) await VARIANTS[name]();
  for (const specifier of Object.keys(cpu)) cpu[specifier] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order, so that no variant always runs right after another.
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as Variant;
      samples[name].push(await VARIANTS[name]());
    }
  }
}, 600_000);

afterAll(() => {
  const ms = (name: Variant) => median(samples[name]);
  const figure = (name: Variant) => `${ms(name).toFixed(1)} ms`;
  printRows('Import time (fresh processes, medians)', [
    {
      row: "cold import('wechatpay-ts') vs import('undici') alone",
      ratio: ms('wechatpay-ts') / ms('undici'),
      goal: GOAL_IMPORT,
      detail: `${figure('wechatpay-ts')} vs ${figure('undici')}, ${ROUNDS} runs each`,
    },
    {
      row: "cold import('wechatpay-ts') vs import('undici') alone, CPU time",
      ratio: median(cpu['wechatpay-ts'] ?? []) / median(cpu.undici ?? []),
      goal: GOAL_IMPORT,
      detail: `${median(cpu['wechatpay-ts'] ?? []).toFixed(1)} ms vs ${median(cpu.undici ?? []).toFixed(1)} ms of CPU`,
    },
    {
      row: 'wechatpay --version, spawn to exit, vs node -e 0',
      ratio: ms('wechatpay --version') / ms('node -e 0'),
      goal: GOAL_CLI,
      detail: `${figure('wechatpay --version')} vs ${figure('node -e 0')}, ${ROUNDS} runs each`,
    },
  ]);
});

describe('a fresh process', () => {
  // Timed by tinybench too, a few times only: the table above is the interleaved measurement.
  bench("cold import('wechatpay-ts')", async () => void (await VARIANTS['wechatpay-ts']()), { time: 0, iterations: 5, warmupIterations: 0 });
});
