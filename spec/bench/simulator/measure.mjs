// The simulator's cost at scale: `npm run bench:simulator [-- --rounds 7 --batch 300 --seconds 2 --profile DIR]`.
// A measurement, not a test: it prints figures and asserts nothing.
//
// (a) CPU per answered call: the server runs in a process of its own (server-process.mjs) and reports its own
//     `process.cpuUsage()`, so none of the client's work is counted. The simulator is compared with a minimal signed
//     echo server (echo-server.mjs: no checks, one RSA-SHA256 signature per answer, the floor of a signed answer),
//     with the same client and the same requests, in interleaved rounds; the figures are medians. Goal: ≤ 1.5×.
// (b) Throughput: requests per second of the simulator in worker mode (`startSimulator({ worker: true })`, in this
//     process) at 32 asynchronous calls in flight, next to the echo server in a worker thread of this process.
import { fork } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { Builder } from 'wechatpay-ts';
import { startSimulator } from 'wechatpay-ts/simulator';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    batch: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '2' },
    // Writes a .cpuprofile of each server process (node --cpu-prof) into this folder, simulator.cpuprofile and echo.cpuprofile.
    profile: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);
const BATCH = Number(values.batch);
const SECONDS = Number(values.seconds);
// V8 is still optimising (TurboFan threads, counted in the process's CPU) for a few hundred calls, more so in the
// simulator, which runs more code: measured after 500 calls, compiling was still 8-10 % of both servers' CPU.
const WARMUP = 1500;
const IN_FLIGHT = 4;
const CONCURRENCY = 32;

const pem = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const merchantKeys = pem();
const platformKeys = pem();
const MCHID = '1900000001';
const keys = {
  merchant: { serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', publicKey: merchantKeys.publicKey },
  platform: { serial: 'PUB_KEY_ID_0119000000012026120200000000000001', privateKey: platformKeys.privateKey },
};
const client = (baseURL) =>
  Builder.factory({
    mchid: MCHID,
    serial: keys.merchant.serial,
    privateKey: merchantKeys.privateKey,
    certs: { [keys.platform.serial]: platformKeys.publicKey },
    baseURL,
  });

let sequence = 0;
const SEED = 'v3/payscore/smartretail-orders/{out_order_no}/complete';
const JSAPI = 'v3/pay/transactions/jsapi';
/** The two requests, each call with its own order number (the simulator's ledger keeps every JSAPI order). */
const ENDPOINTS = {
  [`POST ${SEED}`]: (instance) =>
    instance.chain(SEED).postAsync({
      out_order_no: `BENCH${(sequence += 1)}`,
      json: { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 },
    }),
  [`POST ${JSAPI}`]: (instance) =>
    instance.chain(JSAPI).postAsync({
      json: {
        appid: 'wxd678efh567hg6787',
        mchid: MCHID,
        description: 'Coffee, large',
        out_trade_no: `BENCH${(sequence += 1)}`,
        notify_url: 'https://example.com/wechatpay/notify',
        amount: { total: 1200, currency: 'CNY' },
        payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      },
    }),
};

/** Runs `count` calls, `inFlight` at a time; every answer must be a verified 200. */
async function calls(instance, call, count, inFlight) {
  let started = 0;
  const lane = async () => {
    while (started < count) {
      started += 1;
      const response = await call(instance);
      if (response.status !== 200) throw new Error(`unexpected status ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

/** Calls for `seconds`, `inFlight` at a time; resolves with the answers per second. */
async function throughput(instance, call, seconds, inFlight) {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const lane = async () => {
    while (performance.now() < end) {
      const response = await call(instance);
      if (response.status !== 200) throw new Error(`unexpected status ${response.status}`);
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  return done / ((performance.now() - started) / 1000);
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** A server process (simulator or echo) and a way to read its CPU time. */
async function serverProcess(kind) {
  const execArgv = values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile, '--cpu-prof-name', `${kind}.cpuprofile`] : [];
  const child = fork(new URL('./server-process.mjs', import.meta.url), [kind], {
    env: { ...process.env, BENCH_KEYS: JSON.stringify(keys) },
    execArgv,
  });
  const [{ baseURL }] = await once(child, 'message');
  return {
    instance: client(baseURL),
    cpu: async () => {
      child.send('cpu');
      const [{ cpu }] = await once(child, 'message');
      return cpu;
    },
    close: async () => {
      child.send('close');
      await once(child, 'exit');
    },
  };
}

// (a) CPU per call.
const servers = { echo: await serverProcess('echo'), simulator: await serverProcess('simulator') };
const cpu = {};
for (const [endpoint, call] of Object.entries(ENDPOINTS)) {
  for (const [name, server] of Object.entries(servers)) {
    await calls(server.instance, call, WARMUP, IN_FLIGHT);
    cpu[`${name} ${endpoint}`] = [];
  }
}
for (let round = 0; round < ROUNDS; round += 1) {
  // Interleaved, and the order turned each round, so that a busy moment of the machine hits both servers alike.
  const order = Object.entries(servers);
  if (round % 2) order.reverse();
  for (const [endpoint, call] of Object.entries(ENDPOINTS)) {
    for (const [name, server] of order) {
      const before = await server.cpu();
      await calls(server.instance, call, BATCH, IN_FLIGHT);
      cpu[`${name} ${endpoint}`].push((await server.cpu()) - before);
    }
  }
}
for (const server of Object.values(servers)) {
  await server.instance.getDriver().close();
  await server.close();
}

// (b) Requests per second, the servers in worker threads of this process.
const simulator = await startSimulator({ worker: true, merchant: keys.merchant, platform: keys.platform });
const echoWorker = new Worker(new URL('./echo-server.mjs', import.meta.url), { workerData: { echo: keys.platform } });
const [{ baseURL: echoURL }] = await once(echoWorker, 'message');
const workers = { echo: client(echoURL), simulator: client(simulator.baseURL) };
const rps = {};
for (const [endpoint, call] of Object.entries(ENDPOINTS)) {
  for (const [name, instance] of Object.entries(workers)) {
    await calls(instance, call, WARMUP, CONCURRENCY);
    rps[`${name} ${endpoint}`] = [];
  }
}
for (let round = 0; round < 3; round += 1) {
  const order = Object.entries(workers);
  if (round % 2) order.reverse();
  for (const [endpoint, call] of Object.entries(ENDPOINTS)) {
    for (const [name, instance] of order) rps[`${name} ${endpoint}`].push(await throughput(instance, call, SECONDS, CONCURRENCY));
  }
}
for (const instance of Object.values(workers)) await instance.getDriver().close();
await simulator.close();
echoWorker.postMessage('close');
await once(echoWorker, 'exit');

const rows = Object.keys(ENDPOINTS).map((endpoint) => {
  const echoCpu = median(cpu[`echo ${endpoint}`]) / BATCH;
  const simCpu = median(cpu[`simulator ${endpoint}`]) / BATCH;
  const echoRps = median(rps[`echo ${endpoint}`]);
  const simRps = median(rps[`simulator ${endpoint}`]);
  return {
    endpoint,
    'echo µs/call': echoCpu.toFixed(0),
    'simulator µs/call': simCpu.toFixed(0),
    'CPU ratio': `${(simCpu / echoCpu).toFixed(2)}×`,
    'echo req/s': echoRps.toFixed(0),
    'simulator req/s': simRps.toFixed(0),
    'req/s ratio': `${(simRps / echoRps).toFixed(2)}×`,
  };
});
console.log(
  `CPU of the server's own process per answered call: medians of ${ROUNDS} interleaved rounds of ${BATCH} calls (${IN_FLIGHT} in flight, after ${WARMUP} warm-up calls); goal ≤ 1.50×.`,
);
console.log(
  `Requests per second: servers in worker threads of the client's process, ${CONCURRENCY} async calls in flight, medians of 3 rounds of ${SECONDS} s.`,
);
console.table(rows);
