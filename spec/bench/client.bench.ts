/**
 * The client's cost per signed and verified call against a local server, side by side with a minimal
 * hand-written baseline, in one run:
 *
 *   npm run bench        (builds dist/, then `vitest bench --run`; about 45 s on 2 cores)
 *
 * 1. CPU per call (file-level `beforeAll`): `process.cpuUsage()` deltas (user + system, every thread of this
 *    process) over sequential calls of the baseline, the client's `postAsync` and its synchronous `post`, in
 *    many short interleaved rounds after a warm-up, so that the noise of a small shared machine hits all three
 *    alike. The synchronous transport's worker thread lives in this process, so its CPU is billed to the
 *    synchronous client, as it should be; on Linux the table also splits the measuring thread from the others.
 *    The simulator runs in a child process (spec/bench/simulator-process.mjs), so none of its work is counted.
 * 2. Latency (`bench()`): tinybench times sequential calls, one in flight, of the same three, against a fresh
 *    simulator process (the simulator's replay check grows with every nonce it has seen).
 * 3. File-level `afterAll` prints one table with both and the ratios against the goals of the issue:
 *    client CPU per call ≤ 1.25 × baseline, synchronous latency ≤ 1.5 × asynchronous.
 *
 * This is a measurement, not a pass/fail test: a missed goal is reported in the table, not thrown.
 * The hooks are at file level because vitest's benchmark runner does not run the hooks of a `describe` block.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { afterAll, beforeAll, bench, describe, type RunnerTask } from 'vitest';
import { Builder, type Wechatpay } from 'wechatpay-ts';
import type { Simulator } from 'wechatpay-ts/simulator';

/** CPU phase: ROUNDS rounds of BATCH sequential calls per variant, in rotating order. */
const ROUNDS = 20;
const BATCH = 100;
/** Calls per variant before measuring: JIT, connection set-up, the synchronous worker's start. */
const WARMUP = 200;
/** tinybench settings for the latency benches (milliseconds). */
const LATENCY = { time: 2000, warmupTime: 500, warmupIterations: 50 };
const GOAL_CPU = 1.25;
const GOAL_LATENCY = 1.5;

const OUT_ORDER_NO = 'BENCH123';
const ORDER = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 } as const;

type Config = Simulator['config'];
type Variant = 'baseline' | 'client async' | 'client sync';
const VARIANTS: readonly Variant[] = ['baseline', 'client async', 'client sync'];

/**
 * The baseline: one undici Pool, `crypto.sign` and `crypto.verify`, nothing else. It sends the same
 * Authorization header and body as the client and checks the answer's signature the same way.
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

/** A simulator in a child process, with the baseline and the client under test pointed at it. */
interface Target {
  child: ChildProcess;
  baseline: Baseline;
  instance: Wechatpay;
}

async function openTarget(): Promise<Target> {
  const child = fork(new URL('./simulator-process.mjs', import.meta.url), [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`the simulator process exited with ${String(code)}`))),
  ])) as [{ config: Config }];
  const { config } = message;
  return { child, baseline: new Baseline(config), instance: Builder.factory(config) };
}

async function closeTarget(target: Target): Promise<void> {
  try {
    await target.instance.getDriver().close();
    await target.baseline.close();
  } finally {
    const { child } = target;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      if (child.connected) child.send('close');
      const timer = setTimeout(() => child.kill(), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
}

let target: Target | undefined;

function current(): Target {
  if (!target) throw new Error('no simulator: the beforeAll hook did not run or failed');
  return target;
}

const callBaseline = (): Promise<string> => current().baseline.complete(OUT_ORDER_NO, ORDER);
const callAsync = () =>
  current().instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no: OUT_ORDER_NO, json: ORDER });
const callSync = () => current().instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no: OUT_ORDER_NO, json: ORDER });

/** All three must work and agree before anything is measured. */
async function checkAgreement(): Promise<void> {
  const expected = await callBaseline();
  for (const [name, response] of [
    ['async', await callAsync()],
    ['sync', callSync()],
  ] as const) {
    if (response.status !== 200 || response.text() !== expected) {
      throw new Error(`client ${name}: HTTP ${response.status} ${response.text()} (the baseline got ${expected})`);
    }
  }
}

/**
 * CPU nanoseconds of the calling thread, from Linux's /proc/thread-self/schedstat; `undefined` elsewhere.
 * It tells the measuring thread from the others (the synchronous worker, V8's GC and compiler threads).
 */
function threadCpuNs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

interface Tally {
  calls: number;
  userUs: number;
  systemUs: number;
  /** CPU of the measuring thread alone, when known. */
  threadUs: number | undefined;
  wallMs: number;
  /** Per-call wall times, milliseconds. */
  latencies: number[];
  /** CPU µs per call of each batch, in order. */
  batches: number[];
}

const newTally = (): Tally => ({ calls: 0, userUs: 0, systemUs: 0, threadUs: 0, wallMs: 0, latencies: [], batches: [] });

interface Mark {
  cpu: NodeJS.CpuUsage;
  threadNs: number | undefined;
  wall: number;
}

function mark(): Mark {
  const threadNs = threadCpuNs();
  return { wall: performance.now(), threadNs, cpu: process.cpuUsage() };
}

function record(tally: Tally, start: Mark, latencies: Float64Array): void {
  const cpu = process.cpuUsage(start.cpu);
  const threadNs = threadCpuNs();
  const wallMs = performance.now() - start.wall;
  tally.calls += latencies.length;
  tally.userUs += cpu.user;
  tally.systemUs += cpu.system;
  tally.threadUs =
    tally.threadUs === undefined || threadNs === undefined || start.threadNs === undefined
      ? undefined
      : tally.threadUs + (threadNs - start.threadNs) / 1000;
  tally.wallMs += wallMs;
  tally.latencies.push(...latencies);
  tally.batches.push((cpu.user + cpu.system) / latencies.length);
}

async function measureAsync(call: () => Promise<unknown>, calls: number, tally: Tally): Promise<void> {
  const latencies = new Float64Array(calls);
  const start = mark();
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call();
    latencies[i] = performance.now() - started;
  }
  record(tally, start, latencies);
}

function measureSync(call: () => unknown, calls: number, tally: Tally): void {
  const latencies = new Float64Array(calls);
  const start = mark();
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    call();
    latencies[i] = performance.now() - started;
  }
  record(tally, start, latencies);
}

async function measureVariant(variant: Variant, calls: number, tally: Tally): Promise<void> {
  if (variant === 'baseline') await measureAsync(callBaseline, calls, tally);
  else if (variant === 'client async') await measureAsync(callAsync, calls, tally);
  else measureSync(callSync, calls, tally);
}

let tallies: Record<Variant, Tally> | undefined;

beforeAll(async () => {
  target = await openTarget();
  await checkAgreement();
  const warmup = newTally();
  for (const variant of VARIANTS) await measureVariant(variant, WARMUP, warmup);
  const measured: Record<Variant, Tally> = { baseline: newTally(), 'client async': newTally(), 'client sync': newTally() };
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < VARIANTS.length; i++) {
      const variant = VARIANTS[(round + i) % VARIANTS.length] as Variant;
      await measureVariant(variant, BATCH, measured[variant]);
    }
  }
  tallies = measured;

  // The latency benches get a fresh simulator: its replay check scans every nonce it has seen.
  const used = target;
  target = undefined;
  await closeTarget(used);
  target = await openTarget();
  await checkAgreement();
}, 180_000);

afterAll(async (_context, suite) => {
  try {
    if (tallies) report(tallies, suite.tasks.flatMap(leaves));
  } finally {
    if (target) await closeTarget(target);
    target = undefined;
  }
}, 30_000);

describe('signed and verified POST v3/payscore/smartretail-orders/{out_order_no}/complete, one in flight', () => {
  bench(
    'baseline (undici Pool + crypto.sign/verify)',
    async () => {
      await callBaseline();
    },
    LATENCY,
  );

  bench(
    'client postAsync()',
    async () => {
      await callAsync();
    },
    LATENCY,
  );

  bench(
    'client post() (synchronous)',
    () => {
      callSync();
    },
    LATENCY,
  );
});

/** The benches of a suite, however nested. */
function leaves(task: RunnerTask): RunnerTask[] {
  return task.type === 'suite' ? task.tasks.flatMap(leaves) : [task];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

interface LatencyRow {
  mean: number;
  median: number;
  p99: number;
  samples: number;
}

function report(measured: Record<Variant, Tally>, tasks: readonly RunnerTask[]): void {
  const latencyOf = (prefix: string): LatencyRow | undefined => {
    const result = tasks.find((task) => task.name.startsWith(prefix))?.result?.benchmark;
    return result && { mean: result.mean, median: result.median, p99: result.p99, samples: result.sampleCount };
  };
  const latency: Record<Variant, LatencyRow | undefined> = {
    baseline: latencyOf('baseline'),
    'client async': latencyOf('client postAsync'),
    'client sync': latencyOf('client post()'),
  };
  const cpu = (variant: Variant) => (measured[variant].userUs + measured[variant].systemUs) / measured[variant].calls;
  const base = cpu('baseline');
  /** Each round's client batch against the baseline batch of the same round: robust to slow phases of the machine. */
  const pairedRatio = (variant: Variant) =>
    median(measured[variant].batches.map((value, round) => value / (measured.baseline.batches[round] as number)));

  const lines: string[] = [];
  const row = (...cells: string[]) => lines.push(cells.map((cell, i) => (i === 0 ? cell.padEnd(14) : cell.padStart(15))).join(''));
  const f = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
  const calls = measured.baseline.calls;

  lines.push(
    '',
    `CPU per call: process.cpuUsage() (user + system, all threads of this process) over ${calls} sequential calls per variant,`,
    `in ${ROUNDS} interleaved rounds of ${BATCH} after ${WARMUP} warm-up calls each; the simulator runs in another process.`,
    '"this thread" is the calling thread alone; "other threads" holds the synchronous transport\'s worker and V8\'s helpers.',
  );
  row('variant', 'CPU µs/call', 'user µs', 'system µs', 'this thread', 'other threads', '× baseline', 'paired ×');
  for (const variant of VARIANTS) {
    const tally = measured[variant];
    const thread = tally.threadUs === undefined ? undefined : tally.threadUs / tally.calls;
    row(
      variant,
      f(cpu(variant)),
      f(tally.userUs / tally.calls),
      f(tally.systemUs / tally.calls),
      f(thread),
      f(thread === undefined ? undefined : cpu(variant) - thread),
      f(cpu(variant) / base, 3),
      variant === 'baseline' ? '' : f(pairedRatio(variant), 3),
    );
  }

  lines.push('', 'Wall time per call in the CPU phase (interleaved, one in flight):');
  row('variant', 'mean ms', 'median ms');
  for (const variant of VARIANTS) row(variant, f(measured[variant].wallMs / measured[variant].calls, 3), f(median(measured[variant].latencies), 3));

  lines.push('', `Latency per call, one in flight (vitest bench / tinybench, ${LATENCY.time} ms per variant, fresh simulator):`);
  row('variant', 'mean ms', 'median ms', 'p99 ms', 'samples');
  for (const variant of VARIANTS) {
    const result = latency[variant];
    row(variant, f(result?.mean, 3), f(result?.median, 3), f(result?.p99, 3), String(result?.samples ?? 'n/a'));
  }

  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);
  const verdict = (value: number | undefined, goal: number) => (value === undefined ? 'n/a' : value <= goal ? 'met' : 'MISSED');
  const goal = (label: string, value: number | undefined, limit?: number) =>
    lines.push(`  ${label.padEnd(48)}${f(value, 3).padStart(7)}${limit === undefined ? '' : `   goal ≤ ${limit}   ${verdict(value, limit)}`}`);
  const asyncLatency = latency['client async'];
  const syncLatency = latency['client sync'];

  lines.push('', 'Goals of the issue:');
  goal('CPU   client async / baseline', cpu('client async') / base, GOAL_CPU);
  goal('CPU   client sync  / baseline', cpu('client sync') / base, GOAL_CPU);
  goal('CPU   client async / baseline (paired rounds)', pairedRatio('client async'));
  goal('CPU   client sync  / baseline (paired rounds)', pairedRatio('client sync'));
  goal('latency sync / async, mean (tinybench)', ratio(syncLatency?.mean, asyncLatency?.mean), GOAL_LATENCY);
  goal('latency sync / async, median (tinybench)', ratio(syncLatency?.median, asyncLatency?.median), GOAL_LATENCY);
  goal('latency sync / async, median (CPU phase)', median(measured['client sync'].latencies) / median(measured['client async'].latencies));
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}
