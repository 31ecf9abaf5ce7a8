// The chaos soak (issue 13 §6): `npm run soak` (builds dist/ first), or `node --expose-gc spec/soak/soak.mjs --help`.
// Loopback only, bounded in calls and time. This process is the client under test; the simulator, the failing
// primary host, the fault schedule and the callback chaos proxy run in network.mjs; two receivers (receiver.mjs)
// share one Redis; sync-caller.mjs makes blocking calls meanwhile. Exits 1 when a rule broke, 2 on a bad flag.
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Builder, WechatpayError } from 'wechatpay-ts';
import { describeError, order } from './calls.mjs';
import { startRedis } from './redis.mjs';
import { printReport } from './report.mjs';
import { flatness, sample } from './resources.mjs';

const USAGE = `Usage: node --expose-gc spec/soak/soak.mjs [options]
  --calls N            asynchronous calls (default 10000)
  --concurrency N      calls in flight at once (default 32)
  --payments N         orders paid, whose callbacks go through the chaos proxy (default 1000)
  --timeout MS         each call's timeout (default 3000)
  --slack MS           how far past its timeout a call may end, on top of the longest event-loop stall (default 100)
  --sync-calls N       blocking calls made meanwhile by one child process (default 300; 0: none)
  --handler-fail R     share of callback handler runs that throw, so WeChat Pay retries (default 0.02)
  --max-seconds S      gives up (exit 1) after this long (default 600)
  --chaos LIST         what goes wrong for calls: faults (random resets, 500, 429, hangs, delays), down (the
                       primary host goes down and comes back); default faults,down, '' for neither
  --json FILE          also writes the figures as JSON`;

const args = readArgs();
const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const runId = Date.now().toString(36);
const children = [];
let redis;

const giveUp = setTimeout(() => {
  console.error(`soak: gave up after ${args.maxSeconds} s`);
  void cleanUp().finally(() => process.exit(1));
}, args.maxSeconds * 1000);
giveUp.unref();

try {
  process.exitCode = await run();
} finally {
  clearTimeout(giveUp);
  await cleanUp();
}

async function run() {
  const began = performance.now();
  redis = await startRedis();
  const network = spawnChild('network.mjs', { chaos: args.chaos });
  const { ready } = await message(network, 'ready');
  const receivers = [];
  for (let index = 0; index < 2; index += 1) {
    const settings = {
      apiV3Key: ready.apiV3Key,
      certs: ready.config.certs,
      redisURL: redis?.url,
      prefix: `soak:${runId}:`,
      failRate: args.handlerFail,
    };
    receivers.push(spawnChild('receiver.mjs', settings));
  }
  const listening = await Promise.all(receivers.map((child) => message(child, 'listening')));
  network.send({ receivers: listening.map(({ listening: { url } }) => url) });

  const { mchid } = ready.config;
  const client = clientConfig(ready);
  const instance = Builder.factory(client.config);
  // Innermost, so it sees each attempt the retry makes: counts them and logs host, outcome and timing per call.
  const hosts = { [new URL(ready.primaryURL).host]: 'primary', [new URL(ready.backupURL).host]: 'backup' };
  instance.getDriver().stack.push((request, next) => {
    const context = request.options.context;
    if (!context || typeof context.attempts !== 'number') return next(request);
    context.attempts += 1;
    const entry = { host: hosts[request.url.host] ?? request.url.host, at: Math.round(performance.now() - context.started) };
    context.log.push(entry);
    const settle = (outcome) => {
      entry.outcome = outcome;
      entry.ms = Math.round(performance.now() - context.started) - entry.at;
    };
    return Promise.resolve(next(request)).then(
      (response) => {
        settle(response.status);
        return response;
      },
      (error) => {
        settle(error?.status ?? error?.reason ?? error?.name);
        throw error;
      },
    );
  }, 'soak-attempts');
  const features = { ...client.features, idempotent: await takesIdempotent(instance, mchid, ready.callbackURL) };

  // Callback accounting: per order, successful handler runs (must end at exactly one) and failed ones.
  const handled = new Map();
  let handlerFailures = 0;
  for (const child of receivers) {
    child.on('message', (got) => {
      if (got.handled) handled.set(got.handled, (handled.get(got.handled) ?? 0) + 1);
      if (got.handlerFailed) handlerFailures += 1;
    });
  }
  const paid = new Map();
  network.on('message', (got) => {
    if (got.paid) paid.set(got.paid.outTradeNo, got.paid);
  });

  const start = sample(0);
  const samples = [];
  const load = { done: 0, inFlight: 0, created: [], payRequested: 0 };
  const sampler = setInterval(() => samples.push({ ...sample(load.done), full: load.inFlight === args.concurrency }), 1000);
  network.send({ chaos: true });
  const sync = args.syncCalls > 0 ? startSync(ready, client.config, mchid) : undefined;

  const loadStarted = performance.now();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const results = await runLoad(instance, load, mchid, ready.callbackURL, features, network);
  lag.disable();
  results.loopDelay = { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 };
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  // Only samples taken with every worker busy: the wind-down, fewer calls in flight, would flatter the last tenth.
  clearInterval(sampler);
  network.send({ chaos: false });
  const syncSummary = sync && (await sync());

  // Every payment asked for settles: its callback acknowledged, or WeChat Pay's schedule given up.
  const until = performance.now() + Math.max(30_000, (args.maxSeconds * 1000) / 3);
  while (paid.size < load.payRequested && performance.now() < until) await sleep(100);
  network.send('finish');
  const { finished } = await message(network, 'finished');
  const receiverStats = await Promise.all(
    receivers.map((child) => {
      child.send('stats');
      return message(child, 'stats').then((got) => got.stats);
    }),
  );
  await instance.getDriver().close();
  await sleep(200);
  const end = sample(load.done);

  const figures = {
    command: process.argv.slice(1).join(' '),
    args,
    features: { ...features, store: receiverStats.map((stats) => stats.store).join(', '), redis: redis ? 'redis-server' : 'not installed' },
    seconds: (performance.now() - began) / 1000,
    loadSeconds,
    results,
    sync: syncSummary,
    timeline: finished.schedule.events.map(({ at, what }) => ({ at: at - load.startedAt, what })),
    callbacks: callbackFigures(load.payRequested, paid, handled, handlerFailures, receiverStats, finished),
    resources: {
      start,
      end,
      flat: flatness(
        samples.filter((entry) => entry.full),
        Math.floor(args.calls / 10),
      ),
    },
  };
  const broken = brokenRules(figures);
  printReport(figures, broken);
  if (args.json) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(args.json, JSON.stringify({ ...figures, broken }, null, 2));
  }
  return broken.length > 0 ? 1 : 0;
}

/** The client as this build allows: retry and the backup host when it knows them (an unknown key is a ConfigError). */
function clientConfig(ready) {
  const base = { ...ready.config, baseURL: ready.primaryURL, timeout: args.timeout };
  const features = { backup: false, failover: false };
  let config = base;
  // Back to the primary 2 s after a switch (the default waits a minute): the run then meets the primary coming back.
  const extras = [
    ['backup', { backupBaseURL: ready.backupURL }],
    ['failover', { failover: { probeAfter: 2000 } }],
  ];
  for (const [feature, extra] of extras) {
    try {
      Builder.factory({ ...config, ...extra });
      config = { ...config, ...extra };
      features[feature] = true;
    } catch (error) {
      features[feature] = `not in this build (${error?.code ?? error})`;
    }
  }
  return { config, features };
}

/** Whether calls take `idempotent: true` (an unknown call option is a ParameterError before anything is sent). */
async function takesIdempotent(instance, mchid, notifyURL) {
  try {
    await instance.v3.pay.transactions.jsapi.postAsync({ json: order(`SOAK${runId}PROBE`, mchid, notifyURL), idempotent: true });
    return true;
  } catch (error) {
    return error?.name === 'ParameterError' ? 'not in this build' : `probe failed: ${describeError(error)}`;
  }
}

/** `args.calls` calls, `args.concurrency` at once: orders placed (the first `args.payments` then paid), queried, unknown. */
async function runLoad(instance, load, mchid, notifyURL, features, network) {
  const { calls, concurrency, timeout, slack } = args;
  const latencies = new Float64Array(calls);
  const attempts = new Uint16Array(calls);
  const outcomes = {};
  const plain = [];
  const late = [];
  const transportFailures = [];
  const loadStarted = performance.now();
  load.startedAt = Date.now();
  let next = 0;
  const extra = features.idempotent === true ? { idempotent: true } : {};
  const one = async (index) => {
    const context = { attempts: 0, log: [], started: performance.now() };
    const kind = index % 20;
    const known = load.created.length > 0 && kind >= 11 && kind < 18;
    const { started } = context;
    let outcome = 'ok';
    try {
      if (known) {
        const no = load.created[Math.floor(Math.random() * load.created.length)];
        await instance.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: no, query: { mchid }, context });
      } else if (kind >= 18) {
        await instance.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({
          out_trade_no: `SOAK${runId}NONE${index}`,
          query: { mchid },
          context,
        });
      } else {
        const no = `SOAK${runId}N${index}`;
        await instance.v3.pay.transactions.jsapi.postAsync({ json: order(no, mchid, notifyURL), context, ...extra });
        load.created.push(no);
        if (load.payRequested < args.payments) {
          load.payRequested += 1;
          network.send({ pay: no });
        }
      }
    } catch (error) {
      outcome = describeError(error);
      if (!(error instanceof WechatpayError) && plain.length < 20) plain.push(String(error?.stack ?? error).slice(0, 600));
    }
    const elapsed = performance.now() - started;
    latencies[index] = elapsed;
    attempts[index] = context.attempts;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (elapsed > timeout + slack && late.length < 200)
      late.push({
        index,
        elapsed: Math.round(elapsed),
        outcome,
        attempts: context.attempts,
        startedAt: Math.round(started - loadStarted),
        log: context.log,
      });
    if (outcome.startsWith('TransportError') && transportFailures.length < 200)
      transportFailures.push({ index, outcome, startedAt: Math.round(started - loadStarted), attempts: context.attempts, log: context.log });
    load.done += 1;
  };
  const worker = async () => {
    load.inFlight += 1;
    while (next < calls) await one(next++);
    load.inFlight -= 1;
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const at = (share) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
  const attemptCounts = {};
  for (const count of attempts) attemptCounts[count] = (attemptCounts[count] ?? 0) + 1;
  return {
    calls,
    seconds,
    perSecond: calls / seconds,
    outcomes,
    plain,
    late,
    transportFailures,
    overTimeout: Array.from(latencies).filter((value) => value > timeout + slack).length,
    maxOverMs: (sorted[sorted.length - 1] ?? 0) - timeout,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    attempts: { mean: attempts.reduce((sum, count) => sum + count, 0) / calls, counts: attemptCounts },
  };
}

/** The blocking share, in its own process; resolves to a function that stops it and gives its summary. */
function startSync(ready, config, mchid) {
  const child = spawnChild('sync-caller.mjs', {
    client: config,
    calls: args.syncCalls,
    timeout: args.timeout,
    slack: args.slack,
    notifyURL: ready.callbackURL,
    prefix: `SOAK${runId}S`,
    mchid,
  });
  const summary = message(child, 'sync');
  return async () => {
    if (child.connected) child.send('stop');
    const { sync } = await summary;
    const sorted = sync.latencies.sort((a, b) => a - b);
    const { latencies: _latencies, ...rest } = sync;
    return { ...rest, p50: sorted[Math.floor(sorted.length / 2)] ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0 };
  };
}

function callbackFigures(requested, paid, handled, handlerFailures, receiverStats, finished) {
  let acknowledged = 0;
  let deliveries = 0;
  const twice = [];
  const never = [];
  const unacknowledged = [];
  for (const [no, outcome] of paid) {
    deliveries += outcome.attempts;
    if (outcome.acknowledged) acknowledged += 1;
    else unacknowledged.push({ no, error: outcome.error });
    const count = handled.get(no) ?? 0;
    if (count > 1) twice.push({ no, count });
    if (count === 0 && outcome.acknowledged) never.push(no);
  }
  const statuses = {};
  const refused = {};
  for (const stats of receiverStats) {
    for (const [status, count] of Object.entries(stats.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
    for (const [code, count] of Object.entries(stats.refused)) refused[code] = (refused[code] ?? 0) + count;
  }
  const arrived = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  const handlerRuns = [...handled.values()].reduce((sum, count) => sum + count, 0) + handlerFailures;
  return {
    requested,
    settled: paid.size,
    acknowledged,
    simulatorDeliveries: deliveries,
    arrivedAtReceivers: arrived,
    receiverStatuses: statuses,
    refusedBeforeHandler: refused,
    handlerRuns,
    handlerFailures,
    handledOnce: [...handled.values()].filter((count) => count === 1).length,
    duplicatesRefused: arrived - handlerRuns,
    handledTwice: twice,
    neverHandled: never,
    unacknowledged,
    proxy: finished.proxy,
    schedule: finished.schedule,
  };
}

function brokenRules(figures) {
  const broken = [];
  const { results, callbacks, resources, sync } = figures;
  const plainCount = Object.entries(results.outcomes)
    .filter(([key]) => key.startsWith('PLAIN:'))
    .reduce((sum, [, count]) => sum + count, 0);
  if (plainCount > 0) broken.push(`${plainCount} calls failed with an error that is not a WechatpayError with a code (first: ${results.plain[0]})`);
  // A call's timer cannot fire while this thread is busy: the longest event-loop stall of the run is allowed on top.
  const allowed = args.slack + results.loopDelay.max;
  const overdue = results.late.filter((call) => call.elapsed > args.timeout + allowed);
  if (overdue.length > 0)
    broken.push(
      `${overdue.length} calls ended over their timeout + ${args.slack} ms + the longest event-loop stall (${Math.round(results.loopDelay.max)} ms): ${JSON.stringify(overdue.slice(0, 3))}`,
    );
  if (sync?.plain.length) broken.push(`${sync.plain.length} sync calls failed with a plain error (first: ${sync.plain[0]})`);
  if (sync?.overTimeout)
    broken.push(`${sync.overTimeout} sync calls ended over their timeout + ${args.slack} ms: ${JSON.stringify(sync.late.slice(0, 3))}`);
  if (callbacks.settled < callbacks.requested) broken.push(`${callbacks.requested - callbacks.settled} payments never settled`);
  if (callbacks.unacknowledged.length > 0) broken.push(`${callbacks.unacknowledged.length} callbacks were never acknowledged`);
  if (callbacks.handledTwice.length > 0)
    broken.push(`${callbacks.handledTwice.length} payments were handled more than once (e.g. ${JSON.stringify(callbacks.handledTwice.slice(0, 3))})`);
  if (callbacks.neverHandled.length > 0) broken.push(`${callbacks.neverHandled.length} acknowledged payments were never handled`);
  if (callbacks.requested < args.payments) broken.push(`only ${callbacks.requested} of ${args.payments} payments could be placed`);
  broken.push(...resources.flat.broken);
  if (resources.end.handles > resources.start.handles + 2)
    broken.push(`handles after close: ${resources.end.handles} (${JSON.stringify(resources.end.kinds)}), before the run ${resources.start.handles}`);
  return broken;
}

function spawnChild(name, settings) {
  const child = fork(here(name), [JSON.stringify(settings)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}

/** The first IPC message carrying `key`; rejects if the child exits first. */
function message(child, key) {
  return new Promise((resolve, reject) => {
    const onMessage = (got) => {
      if (got && typeof got === 'object' && key in got) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(got);
      }
    };
    const onExit = (code) => reject(new Error(`${child.spawnfile} ${child.spawnargs[1]} exited (${code}) before sending ${key}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function cleanUp() {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          if (child.connected) child.disconnect();
          else child.kill('SIGTERM');
        }),
    ),
  );
  await redis?.stop();
}

function readArgs() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        calls: { type: 'string', default: '10000' },
        concurrency: { type: 'string', default: '32' },
        payments: { type: 'string', default: '1000' },
        timeout: { type: 'string', default: '3000' },
        slack: { type: 'string', default: '100' },
        'sync-calls': { type: 'string', default: '300' },
        'handler-fail': { type: 'string', default: '0.02' },
        'max-seconds': { type: 'string', default: '600' },
        json: { type: 'string' },
        chaos: { type: 'string', default: 'faults,down' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    usage(error.message);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const whole = (name, min) => {
    const value = Number(parsed[name]);
    if (!Number.isSafeInteger(value) || value < min) usage(`--${name} must be a whole number, ${min} or more (got ${parsed[name]})`);
    return value;
  };
  const share = Number(parsed['handler-fail']);
  if (!(share >= 0 && share < 1)) usage(`--handler-fail must be a share from 0 to below 1 (got ${parsed['handler-fail']})`);
  return {
    calls: whole('calls', 1),
    concurrency: whole('concurrency', 1),
    payments: whole('payments', 0),
    timeout: whole('timeout', 1),
    slack: whole('slack', 0),
    syncCalls: whole('sync-calls', 0),
    handlerFail: share,
    maxSeconds: whole('max-seconds', 1),
    json: parsed.json,
    chaos: chaosKinds(parsed.chaos),
  };
}

function chaosKinds(list) {
  const kinds = list.split(',').filter(Boolean);
  const unknown = kinds.find((kind) => !['faults', 'down'].includes(kind));
  if (unknown) usage(`--chaos takes faults and down, comma-separated, or '' for none (got ${unknown})`);
  return kinds;
}

function usage(problem) {
  console.error(`soak: ${problem}\n${USAGE}`);
  process.exit(2);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
