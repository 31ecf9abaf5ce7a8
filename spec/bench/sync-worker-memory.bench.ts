/**
 * What synchronous calls cost in memory when a process holds many clients (issue 14): the RSS a process gains over
 * one synchronous call of each of its clients, with ten clients against one.
 *
 *   npm run bench        (builds dist/ first); this file alone: npm run build && npx vitest bench --run spec/bench/sync-worker-memory.bench.ts
 *
 * Each measurement is a fresh child process (spec/bench/sync-worker/clients-child.mjs, on the built package) that
 * builds its clients, reads its RSS after a GC, makes one synchronous call per client, and reads it again after a
 * GC. The simulator answers from another process (spec/bench/simulator-process.mjs), so its memory is not counted.
 * The row compares the median growth of ten clients with the median growth of one; the goal is 1.3×, which a
 * thread per client (about 20 MB each) cannot meet and one shared thread can.
 *
 * This is a measurement, not a pass/fail test: a missed goal is reported in the table, not thrown.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import type { Simulator } from 'wechatpay-ts/simulator';
import { printRows } from './support/print-rows.js';

const GOAL = 1.3;
/** Fresh processes per variant; the median is kept. */
const RUNS = 9;
const MB = 1024 * 1024;

type Config = Simulator['config'];

let simulator: { child: ChildProcess; config: Config } | undefined;
const growth: Record<1 | 10, number[]> = { 1: [], 10: [] };

beforeAll(async () => {
  const child = fork(new URL('./simulator-process.mjs', import.meta.url), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`the simulator process exited with ${String(code)}`))),
  ])) as [{ config: Config }];
  simulator = { child, config: message.config };
}, 60_000);

afterAll(async () => {
  const child = simulator?.child;
  simulator = undefined;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    if (child.connected) child.send('close');
    const timer = setTimeout(() => child.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }
  const one = median(growth[1]);
  const ten = median(growth[10]);
  printRows('Synchronous worker memory (spec/bench/sync-worker-memory.bench.ts)', [
    {
      row: '10 clients in one process, one sync call each: RSS growth vs one client',
      ratio: ten / one,
      goal: GOAL,
      detail: `${(ten / MB).toFixed(1)} MB vs ${(one / MB).toFixed(1)} MB, median of ${growth[10].length} and ${growth[1].length} fresh processes`,
    },
  ]);
}, 30_000);

/** One fresh process with `clients` clients: the RSS it gained over their synchronous calls. */
async function measure(clients: 1 | 10): Promise<void> {
  if (!simulator) throw new Error('no simulator: the beforeAll hook did not run or failed');
  const child = fork(new URL('./sync-worker/clients-child.mjs', import.meta.url), [], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  child.send({ config: simulator.config, clients });
  const [reply] = (await Promise.race([
    once(child, 'message'),
    exited.then(([code]) => Promise.reject(new Error(`the measuring process exited with ${String(code)}`))),
  ])) as [{ before: number; after: number }];
  await exited;
  growth[clients].push(reply.after - reply.before);
}

const ONCE = { iterations: RUNS, time: 0, warmupIterations: 0, warmupTime: 0 };

describe('RSS growth over one synchronous call per client, fresh process each', () => {
  bench('one client', () => measure(1), ONCE);
  bench('ten clients', () => measure(10), ONCE);
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
