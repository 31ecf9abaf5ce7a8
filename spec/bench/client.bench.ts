/**
 * The client's cost per signed and verified call, against a minimal hand-written baseline, in one run:
 *
 *   npm run bench        (builds dist/, then `vitest bench --run`)
 *
 * 1. CPU per call (`beforeAll`): `process.cpuUsage()` deltas (user + system, every thread of this process)
 *    over N sequential calls each of the baseline, the client's `postAsync` and its synchronous `post`, in
 *    interleaved rounds after a warm-up. The synchronous transport's worker thread lives in this process, so
 *    its CPU is billed to the synchronous client, as it should be. The simulator runs in a child process
 *    (spec/bench/simulator-process.mjs), so none of the server's work is counted.
 * 2. Latency (`bench()`): tinybench times sequential calls, one in flight, of the same three.
 * 3. `afterAll` prints one table with both and the ratios against the goals of the issue:
 *    client CPU per call ≤ 1.25 × baseline, synchronous latency ≤ 1.5 × asynchronous.
 *
 * This is a measurement, not a pass/fail test: a missed goal is reported in the table, not thrown.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { afterAll, beforeAll, bench, describe, type RunnerTask } from 'vitest';
import { Builder, type Wechatpay } from 'wechatpay-ts';
import type { Simulator } from 'wechatpay-ts/simulator';

/** Calls per variant for the CPU measurement, split into interleaved rounds. */
const CALLS = 2000;
const ROUNDS = 4;
/** Calls per variant before measuring: JIT, connection set-up, the synchronous worker's start. */
const WARMUP = 200;
/** tinybench settings for the latency benches (milliseconds). */
const LATENCY = { time: 3000, warmupTime: 500, warmupIterations: 50 };
const GOAL_CPU = 1.25;
const GOAL_LATENCY = 1.5;

const OUT_ORDER_NO = 'BENCH123';
const ORDER = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 };

type Config = Simulator['config'];
type Variant = 'baseline' | 'client async' | 'client sync';

/**
 * The baseline: one undici Pool, `crypto.sign` and `crypto.verify`, nothing else. It builds the same
 * Authorization header as the client and checks the answer's signature the same way.
 */
class Baseline {
  readonly #pool: Pool;
  readonly #prefix: string;
  readonly #mchid: string;
  readonly #serial: string;
  readonly #privateKey: KeyObject;
  readonly #platformKey: KeyObject;

  constructor(config: Config) {
    const base = new URL(config.baseURL);
    const [platformPem] = Object.values(config.certs);
    if (platformPem === undefined) throw new Error('baseline: the simulator config has no platform key');
    this.#pool = new Pool(base.origin);
    this.#prefix = base.pathname;
    this.#mchid = config.mchid;
    this.#serial = config.serial;
    this.#privateKey = createPrivateKey(config.privateKey);
    this.#platformKey = createPublicKey(platformPem);
  }

  /** Completes an order; returns the verified body text. */
  async complete(outOrderNo: string, order: object): Promise<string> {
    const path = `${this.#prefix}v3/payscore/smartretail-orders/${outOrderNo}/complete`;
    const body = JSON.stringify(order);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = sign('sha256', Buffer.from(`POST\n${path}\n${timestamp}\n${nonce}\n${body}\n`), this.#privateKey).toString('base64');
    const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${this.#mchid}",serial_no="${this.#serial}",timestamp="${timestamp}",nonce_str="${nonce}",signature="${signature}"`;
    const response = await this.#pool.request({
      method: 'POST',
      path,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: authorization },
      body,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`baseline: HTTP ${response.statusCode}: ${text}`);
    const hdr = response.headers;
    const message = Buffer.from(`${header(hdr, 'wechatpay-timestamp')}\n${header(hdr, 'wechatpay-nonce')}\n${text}\n`);
    if (!verify('sha256', message, this.#platformKey, Buffer.from(header(hdr, 'wechatpay-signature'), 'base64'))) {
      throw new Error('baseline: the answer signature does not verify');
    }
    return text;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  if (typeof value !== 'string') throw new Error(`baseline: the answer has no single ${name} header`);
  return value;
}

/** Starts the simulator in a child process and waits for its config. */
async function startServerProcess(): Promise<{ child: ChildProcess; config: Config }> {
  const child = fork(new URL('./simulator-process.mjs', import.meta.url), [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`the simulator process exited with ${String(code)}`))),
  ])) as [{ config: Config }];
  return { child, config: message.config };
}

async function stopServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.send('close');
  const timer = setTimeout(() => child.kill(), 5000);
  await exited;
  clearTimeout(timer);
}

interface Tally {
  calls: number;
  userUs: number;
  systemUs: number;
  wallMs: number;
  /** Per-call wall times, milliseconds. */
  latencies: number[];
}

const newTally = (): Tally => ({ calls: 0, userUs: 0, systemUs: 0, wallMs: 0, latencies: [] });

async function measureAsync(call: () => Promise<unknown>, calls: number, tally: Tally): Promise<void> {
  const latencies = new Float64Array(calls);
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call();
    latencies[i] = performance.now() - started;
  }
  record(tally, process.cpuUsage(cpu), performance.now() - wall, latencies);
}

function measureSync(call: () => unknown, calls: number, tally: Tally): void {
  const latencies = new Float64Array(calls);
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    call();
    latencies[i] = performance.now() - started;
  }
  record(tally, process.cpuUsage(cpu), performance.now() - wall, latencies);
}

function record(tally: Tally, cpu: NodeJS.CpuUsage, wallMs: number, latencies: Float64Array): void {
  tally.calls += latencies.length;
  tally.userUs += cpu.user;
  tally.systemUs += cpu.system;
  tally.wallMs += wallMs;
  tally.latencies.push(...latencies);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const state = {} as {
  child: ChildProcess;
  baseline: Baseline;
  instance: Wechatpay;
  tallies: Record<Variant, Tally>;
};

const callBaseline = (): Promise<string> => state.baseline.complete(OUT_ORDER_NO, ORDER);
const callAsync = () => state.instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no: OUT_ORDER_NO, json: ORDER });
const callSync = () => state.instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no: OUT_ORDER_NO, json: ORDER });

async function measureVariant(variant: Variant, calls: number, tally: Tally): Promise<void> {
  if (variant === 'baseline') await measureAsync(callBaseline, calls, tally);
  else if (variant === 'client async') await measureAsync(callAsync, calls, tally);
  else measureSync(callSync, calls, tally);
}

const VARIANTS: Variant[] = ['baseline', 'client async', 'client sync'];

// File-level hooks: vitest's benchmark runner does not run the hooks of a describe block.
beforeAll(async () => {
  const { child, config } = await startServerProcess();
  state.child = child;
  state.baseline = new Baseline(config);
  state.instance = Builder.factory(config);

  // All three must work and agree before anything is measured.
  const expected = await callBaseline();
  for (const [name, response] of [['async', await callAsync()], ['sync', callSync()]] as const) {
    if (response.status !== 200 || response.text() !== expected) {
      throw new Error(`client ${name}: HTTP ${response.status} ${response.text()} (baseline got ${expected})`);
    }
  }

  const warmup = newTally();
  for (const variant of VARIANTS) await measureVariant(variant, WARMUP, warmup);
  state.tallies = { baseline: newTally(), 'client async': newTally(), 'client sync': newTally() };
  // Interleaved and rotated rounds, so drift (thermal, GC, the server's growing state) hits all three alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < VARIANTS.length; i++) {
      const variant = VARIANTS[(round + i) % VARIANTS.length] as Variant;
      await measureVariant(variant, CALLS / ROUNDS, state.tallies[variant]);
    }
  }
}, 180_000);

// eslint-disable-next-line no-empty-pattern -- vitest requires a destructuring pattern for the context
afterAll(async ({}, suite) => {
  try {
    if (state.tallies) report(suite.tasks.flatMap(leaves));
  } finally {
    await state.instance?.getDriver().close();
    await state.baseline?.close();
    if (state.child) await stopServerProcess(state.child);
  }
}, 30_000);

describe('one signed and verified POST …/smartretail-orders/{out_order_no}/complete, sequential', () => {
  bench('baseline (undici Pool + crypto.sign/verify)', async () => {
    await callBaseline();
  }, LATENCY);

  bench('client postAsync()', async () => {
    await callAsync();
  }, LATENCY);

  bench('client post() (synchronous)', () => {
    callSync();
  }, LATENCY);
});

interface LatencyRow {
  mean: number;
  median: number;
  p99: number;
  samples: number;
}

/** The benches of a suite, however nested. */
function leaves(task: RunnerTask): RunnerTask[] {
  return task.type === 'suite' ? task.tasks.flatMap(leaves) : [task];
}

function report(tasks: readonly RunnerTask[]): void {
  const tinybench = (prefix: string): LatencyRow | undefined => {
    const result = tasks.find((task) => task.name.startsWith(prefix))?.result?.benchmark;
    return result && { mean: result.mean, median: result.median, p99: result.p99, samples: result.sampleCount };
  };
  const latency: Record<Variant, LatencyRow | undefined> = {
    baseline: tinybench('baseline'),
    'client async': tinybench('client postAsync'),
    'client sync': tinybench('client post()'),
  };
  const cpu = (variant: Variant) => {
    const tally = state.tallies[variant];
    return (tally.userUs + tally.systemUs) / tally.calls;
  };
  const base = cpu('baseline');
  const lines: string[] = [];
  const row = (...cells: string[]) => lines.push(cells.map((cell, i) => (i === 0 ? cell.padEnd(14) : cell.padStart(12))).join(' '));
  const f = (value: number | undefined, digits = 1) => (value === undefined ? 'n/a' : value.toFixed(digits));

  lines.push('', `CPU per call: process.cpuUsage() over ${CALLS} sequential calls per variant (${ROUNDS} interleaved rounds, after ${WARMUP} warm-up calls);`);
  lines.push('all threads of the measuring process, including the synchronous transport\'s worker; the server is another process.');
  row('variant', 'CPU µs/call', 'user µs', 'system µs', '× baseline', 'wall ms/call', 'median ms');
  for (const variant of VARIANTS) {
    const tally = state.tallies[variant];
    row(
      variant,
      f(cpu(variant)),
      f(tally.userUs / tally.calls),
      f(tally.systemUs / tally.calls),
      f(cpu(variant) / base, 3),
      f(tally.wallMs / tally.calls, 3),
      f(median(tally.latencies), 3),
    );
  }

  lines.push('', `Latency per call, sequential, one in flight (vitest bench / tinybench, ${LATENCY.time} ms per variant):`);
  row('variant', 'mean ms', 'median ms', 'p99 ms', 'samples');
  for (const variant of VARIANTS) {
    const result = latency[variant];
    row(variant, f(result?.mean, 3), f(result?.median, 3), f(result?.p99, 3), String(result?.samples ?? 'n/a'));
  }

  const cpuAsync = cpu('client async') / base;
  const cpuSync = cpu('client sync') / base;
  const asyncLatency = latency['client async'];
  const syncLatency = latency['client sync'];
  const meanRatio = asyncLatency && syncLatency ? syncLatency.mean / asyncLatency.mean : undefined;
  const medianRatio = asyncLatency && syncLatency ? syncLatency.median / asyncLatency.median : undefined;
  const loopRatio = median(state.tallies['client sync'].latencies) / median(state.tallies['client async'].latencies);
  const verdict = (ratio: number | undefined, goal: number) => (ratio === undefined ? 'n/a' : ratio <= goal ? 'met' : 'MISSED');

  lines.push('', 'Goals (issue):');
  lines.push(`  CPU client async / baseline      ${f(cpuAsync, 3)}   goal ≤ ${GOAL_CPU}   ${verdict(cpuAsync, GOAL_CPU)}`);
  lines.push(`  CPU client sync  / baseline      ${f(cpuSync, 3)}   goal ≤ ${GOAL_CPU}   ${verdict(cpuSync, GOAL_CPU)}`);
  lines.push(`  latency sync / async (mean)      ${f(meanRatio, 3)}   goal ≤ ${GOAL_LATENCY}    ${verdict(meanRatio, GOAL_LATENCY)}`);
  lines.push(`  latency sync / async (median)    ${f(medianRatio, 3)}   goal ≤ ${GOAL_LATENCY}    ${verdict(medianRatio, GOAL_LATENCY)}`);
  lines.push(`  latency sync / async (CPU loop)  ${f(loopRatio, 3)}   (medians of the CPU phase, cross-check)`);
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}
