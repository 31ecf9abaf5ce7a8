/**
 * CPU per call of one signed and verified POST (v3/payscore/smartretail-orders/{out_order_no}/complete) against a
 * local simulator in another process, side by side with
 *
 * - the floor: a hand-written client (one undici Pool, `crypto.sign`, `crypto.verify`, `JSON.parse`, nothing else),
 * - wechatpay-axios-plugin 0.9.6 with the same keys, which also signs and verifies,
 *
 * all measured in one run: `process.cpuUsage()` deltas (user + system, every thread of this process, so the
 * synchronous transport's worker is billed to the synchronous client) over batches of calls, in interleaved rounds
 * (each round runs every variant once, in a rotating order) after a warm-up. Each row is the median over the rounds
 * of that round's ratio, so a slow phase of the shared machine hits both sides of a ratio alike.
 *
 *   npx vitest bench --run spec/bench/call-cpu.bench.ts      (after `npm run build`: the simulator runs dist/)
 *
 * A measurement, not a pass/fail test: the rows say whether each goal was met. The hooks are at file level because
 * vitest's benchmark runner does not run the hooks of a `describe` block.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { Builder, type Wechatpay } from 'wechatpay-ts';
import type { Simulator } from 'wechatpay-ts/simulator';
import { printRows, type BenchRow } from './support/print-rows.js';

/** Interleaved rounds; each runs every variant over BATCH calls. */
const ROUNDS = 15;
const BATCH = 160;
/** Calls per variant before measuring: JIT, connections, the synchronous worker's start. */
const WARMUP = 1000;
const WIDE = 16;

const OUT_ORDER_NO = 'BENCH123';
const ORDER = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 } as const;

type Config = Simulator['config'];

/** The floor: what any client must do for this call, and nothing else. */
class Floor {
  readonly #pool: Pool;
  readonly #prefix: string;
  readonly #mchid: string;
  readonly #serial: string;
  readonly #privateKey: KeyObject;
  readonly #platformKey: KeyObject;

  constructor(config: Config) {
    const base = new URL(config.baseURL);
    const [platformPem] = Object.values(config.certs);
    if (platformPem === undefined) throw new Error('floor: the simulator config has no platform key');
    this.#pool = new Pool(base.origin);
    this.#prefix = base.pathname;
    this.#mchid = config.mchid;
    this.#serial = config.serial;
    this.#privateKey = createPrivateKey(config.privateKey);
    this.#platformKey = createPublicKey(platformPem);
  }

  async complete(outOrderNo: string, order: object): Promise<unknown> {
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
    if (response.statusCode !== 200) throw new Error(`floor: HTTP ${response.statusCode}: ${text}`);
    const headers = response.headers;
    const message = Buffer.from(`${header(headers, 'wechatpay-timestamp')}\n${header(headers, 'wechatpay-nonce')}\n${text}\n`);
    if (!verify('sha256', message, this.#platformKey, Buffer.from(header(headers, 'wechatpay-signature'), 'base64'))) {
      throw new Error('floor: the answer signature does not verify');
    }
    return JSON.parse(text);
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  if (typeof value !== 'string') throw new Error(`floor: the answer has no single ${name} header`);
  return value;
}

/** wechatpay-axios-plugin's chain, as its README shows it: it signs each request and verifies each answer. */
interface AxiosPlugin {
  v3: {
    payscore: {
      smartretailOrders: { _out_order_no_: { complete: { post(data: object, config: object): Promise<{ status: number; data: unknown }> } } };
    };
  };
}

function axiosPlugin(config: Config): AxiosPlugin {
  const Plugin = createRequire(import.meta.url)('wechatpay-axios-plugin').Wechatpay as new (options: object) => AxiosPlugin;
  return new Plugin({
    mchid: config.mchid,
    serial: config.serial,
    privateKey: config.privateKey,
    certs: { ...config.certs },
    baseURL: config.baseURL,
  });
}

interface Target {
  child: ChildProcess;
  floor: Floor;
  instance: Wechatpay;
  axios: AxiosPlugin;
}

/** The simulator in a child process (spec/bench/simulator-process.mjs): none of its work is billed here. */
async function openTarget(): Promise<Target> {
  const child = fork(new URL('./simulator-process.mjs', import.meta.url), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`the simulator process exited with ${String(code)}`))),
  ])) as [{ config: Config }];
  const { config } = message;
  return { child, floor: new Floor(config), instance: Builder.factory(config), axios: axiosPlugin(config) };
}

async function closeTarget(target: Target): Promise<void> {
  try {
    await target.instance.getDriver().close();
    await target.floor.close();
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

const callFloor = () => current().floor.complete(OUT_ORDER_NO, ORDER);
const callAsync = () =>
  current().instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no: OUT_ORDER_NO, json: ORDER });
const callSync = () => current().instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no: OUT_ORDER_NO, json: ORDER });
const callAxios = () => current().axios.v3.payscore.smartretailOrders._out_order_no_.complete.post(ORDER, { out_order_no: OUT_ORDER_NO });

/** Every variant must work and agree before anything is measured. */
async function checkAgreement(): Promise<void> {
  const expected = JSON.stringify(await callFloor());
  const got: Array<[string, number, unknown]> = [];
  const asyncAnswer = await callAsync();
  got.push(['client async', asyncAnswer.status, asyncAnswer.json()]);
  const syncAnswer = callSync();
  got.push(['client sync', syncAnswer.status, syncAnswer.json()]);
  const axiosAnswer = await callAxios();
  got.push(['wechatpay-axios-plugin', axiosAnswer.status, axiosAnswer.data]);
  for (const [name, status, json] of got) {
    if (status !== 200 || JSON.stringify(json) !== expected)
      throw new Error(`${name}: HTTP ${status} ${JSON.stringify(json)} (the floor got ${expected})`);
  }
}

/** One batch's CPU µs per call and its median wall time per call (ms, one in flight only). */
interface Batch {
  cpu: number;
  latency: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function runAsync(call: () => Promise<unknown>, calls: number, concurrency: number): Promise<Batch> {
  const latencies: number[] = [];
  let started = 0;
  const lane = async () => {
    while (started < calls) {
      started++;
      const began = performance.now();
      await call();
      latencies.push(performance.now() - began);
    }
  };
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / calls, latency: median(latencies) };
}

function runSync(call: () => unknown, calls: number): Batch {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const began = performance.now();
    call();
    latencies.push(performance.now() - began);
  }
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / calls, latency: median(latencies) };
}

const VARIANTS = {
  'floor ×1': (calls: number) => runAsync(callFloor, calls, 1),
  'async ×1': (calls: number) => runAsync(callAsync, calls, 1),
  'sync ×1': async (calls: number) => runSync(callSync, calls),
  [`floor ×${WIDE}`]: (calls: number) => runAsync(callFloor, calls, WIDE),
  [`async ×${WIDE}`]: (calls: number) => runAsync(callAsync, calls, WIDE),
  [`axios plugin ×${WIDE}`]: (calls: number) => runAsync(callAxios, calls, WIDE),
} as const;
type Variant = keyof typeof VARIANTS;
const NAMES = Object.keys(VARIANTS) as Variant[];

let rounds: Array<Record<Variant, Batch>> = [];

beforeAll(async () => {
  target = await openTarget();
  await checkAgreement();
  for (const name of NAMES) await VARIANTS[name](WARMUP);
  rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const results = {} as Record<Variant, Batch>;
    for (let i = 0; i < NAMES.length; i++) {
      const name = NAMES[(round + i) % NAMES.length] as Variant;
      results[name] = await VARIANTS[name](BATCH);
    }
    rounds.push(results);
  }
}, 180_000);

afterAll(async () => {
  try {
    if (rounds.length > 0) report(rounds);
  } finally {
    if (target) await closeTarget(target);
    target = undefined;
  }
}, 30_000);

// The measuring happens in beforeAll; this one bench only keeps vitest's runner content (a file needs a bench).
describe('call CPU', () => {
  bench(
    'client postAsync(), one in flight',
    async () => {
      await callAsync();
    },
    { time: 200, iterations: 20, warmupIterations: 0 },
  );
});

function report(measured: ReadonlyArray<Record<Variant, Batch>>): void {
  const ratio = (a: Variant, b: Variant, key: keyof Batch) => median(measured.map((round) => round[a][key] / round[b][key]));
  const value = (a: Variant, key: keyof Batch) => median(measured.map((round) => round[a][key]));
  const cpuDetail = (a: Variant, b: Variant) => `${value(a, 'cpu').toFixed(0)} µs vs ${value(b, 'cpu').toFixed(0)} µs per call`;
  const rows: BenchRow[] = [
    {
      row: 'async, concurrency 1: CPU per call vs the floor',
      ratio: ratio('async ×1', 'floor ×1', 'cpu'),
      goal: 1.1,
      detail: cpuDetail('async ×1', 'floor ×1'),
    },
    {
      row: `async, concurrency ${WIDE}: CPU per call vs the floor`,
      ratio: ratio(`async ×${WIDE}`, `floor ×${WIDE}`, 'cpu'),
      goal: 1.1,
      detail: cpuDetail(`async ×${WIDE}`, `floor ×${WIDE}`),
    },
    {
      row: `async vs wechatpay-axios-plugin 0.9.6, concurrency ${WIDE}: CPU per call`,
      ratio: ratio(`async ×${WIDE}`, `axios plugin ×${WIDE}`, 'cpu'),
      goal: 0.55,
      detail: cpuDetail(`async ×${WIDE}`, `axios plugin ×${WIDE}`),
    },
    {
      row: 'sync vs async sequential: CPU per call',
      ratio: ratio('sync ×1', 'async ×1', 'cpu'),
      goal: 1.1,
      detail: cpuDetail('sync ×1', 'async ×1'),
    },
    {
      row: 'sync vs async sequential: latency (median)',
      ratio: ratio('sync ×1', 'async ×1', 'latency'),
      goal: 1.1,
      detail: `${value('sync ×1', 'latency').toFixed(3)} ms vs ${value('async ×1', 'latency').toFixed(3)} ms`,
    },
  ];
  printRows(`CPU per call: medians of ${measured.length} interleaved rounds of ${BATCH} calls per variant`, rows);
}
