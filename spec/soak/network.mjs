// The soak's "network", in a child process of its own so that nothing of it is billed to the client under test:
// the simulator (WeChat Pay), a primary host in front of it that goes down and comes back, the simulator itself as
// the backup host, random programmed faults, the payer of orders, and a chaos proxy in front of the two callback
// receivers (resets, lost answers, concurrent and late replays).
//
// IPC from the parent: { receivers: [url, url] }, { chaos: true|false }, { pay: outTradeNo }, 'finish'.
// To the parent: { ready: { config, primaryURL, backupURL, callbackURL } }, { paid: { outTradeNo, acknowledged,
// attempts } }, { finished: { proxy, schedule } }.
import { request } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, connect } from 'node:net';
import { startSimulator } from 'wechatpay-ts/simulator';

if (!process.send) throw new Error('network.mjs must be started with child_process.fork');
const options = JSON.parse(process.argv[2] ?? '{}');
const payConcurrency = options.payConcurrency ?? 16;

const simulator = await startSimulator({ timeScale: options.timeScale ?? 0.001 });
const simulatorPort = Number(new URL(simulator.baseURL).port);

// The primary host: a TCP forwarder to the simulator that the schedule closes (refusing connections, cutting those
// open) and opens again on the same port.
const primarySockets = new Set();
const primary = createNetServer((socket) => {
  const upstream = connect(simulatorPort, '127.0.0.1');
  primarySockets.add(socket);
  socket.on('close', () => primarySockets.delete(socket));
  socket.pipe(upstream).pipe(socket);
  socket.on('error', () => upstream.destroy());
  upstream.on('error', () => socket.destroy());
});
await new Promise((resolve) => primary.listen(0, '127.0.0.1', resolve));
const primaryPort = primary.address().port;
let primaryUp = true;
const schedule = { downs: 0, downMs: 0, faultPhases: 0, events: [] };

async function primaryDown() {
  if (!primaryUp) return;
  primaryUp = false;
  schedule.downs += 1;
  schedule.events.push({ at: Date.now(), what: 'primary down' });
  await new Promise((resolve) => {
    primary.close(resolve);
    for (const socket of primarySockets) socket.destroy();
  });
}
async function primaryUpAgain() {
  if (primaryUp) return;
  await new Promise((resolve, reject) => {
    primary.once('error', reject);
    primary.listen(primaryPort, '127.0.0.1', () => {
      primary.off('error', reject);
      resolve();
    });
  });
  primaryUp = true;
  schedule.events.push({ at: Date.now(), what: 'primary up' });
}

// Random faults: every phase draws new rates, now and then a storm. Rules match any request to the simulator
// (through the primary or directly as the backup).
const rand = (low, high) => low + Math.random() * (high - low);
async function drawFaults() {
  schedule.faultPhases += 1;
  const storm = Math.random() < 0.2 ? 3 : 1;
  schedule.events.push({ at: Date.now(), what: `faults x${storm}` });
  await simulator.faults.clear();
  const rules = [
    { probability: 0.015 * storm, kind: { type: 'reset' } },
    { probability: 0.02 * storm, kind: { type: 'status', status: 500 } },
    { probability: 0.015 * storm, kind: { type: 'status', status: 429 } },
    { probability: 0.003, kind: { type: 'hang' } },
    { probability: 0.03, kind: { type: 'delay', ms: Math.round(rand(20, 300)) } },
  ];
  for (const rule of rules) await simulator.faults.add(rule);
}

const timers = new Set();
const later = (ms, work) => {
  const timer = setTimeout(() => {
    timers.delete(timer);
    void work();
  }, ms);
  timers.add(timer);
};
let chaos = false;
const kinds = new Set(options.chaos ?? ['faults', 'down']);
function chaosLoop() {
  if (!chaos) return;
  schedule.phases = (schedule.phases ?? 0) + 1;
  if (kinds.has('faults')) void drawFaults();
  // Every few seconds (always in the first phase) the primary goes down for one to two seconds.
  if (kinds.has('down') && (schedule.phases === 1 || Math.random() < 0.6)) {
    const down = Math.round(rand(1000, 2000));
    later(Math.round(rand(0, 3000)), async () => {
      if (!chaos) return;
      const since = Date.now();
      await primaryDown();
      later(down, async () => {
        await primaryUpAgain();
        schedule.downMs += Date.now() - since;
      });
    });
  }
  later(5000, chaosLoop);
}

// The callback chaos proxy: the simulator's notify_url. Each callback (first delivery or WeChat Pay's retry) meets
// one fate; the receivers share one store, so whichever answers, the handler must run once per payment.
let receivers = [];
const proxy = { received: 0, forwarded: 0, reset: 0, lostAnswer: 0, fanout: 0, slow: 0, replayed: 0, replayStatuses: {}, failed: 0 };
const pending = new Set();
const track = (promise) => {
  pending.add(promise);
  void promise.finally(() => pending.delete(promise));
  return promise;
};
const pick = () => receivers[Math.floor(Math.random() * receivers.length)];
function forward(to, headers, body) {
  return new Promise((resolve) => {
    const { host: _host, connection: _connection, ...rest } = headers;
    const outgoing = request(to, { method: 'POST', headers: { ...rest, connection: 'close' }, timeout: 5000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', () => resolve({ status: 0 }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', () => resolve({ status: 0 }));
    proxy.forwarded += 1;
    outgoing.end(body);
  });
}
const callbackServer = createHttpServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => void track(fate(req, res, Buffer.concat(chunks))));
});
async function fate(req, res, body) {
  proxy.received += 1;
  const roll = Math.random();
  const answer = (got) => {
    if (!got.status) return void res.socket?.destroy();
    res.writeHead(got.status, { 'content-type': got.headers['content-type'] ?? 'text/plain' }).end(got.body);
  };
  if (roll < 0.08) {
    proxy.reset += 1;
    return void req.socket.destroy();
  }
  if (roll < 0.16) {
    proxy.lostAnswer += 1;
    await forward(pick(), req.headers, body);
    return void req.socket.destroy();
  }
  if (roll < 0.26) {
    proxy.fanout += 1;
    const [first] = await Promise.all(receivers.map((to) => forward(to, req.headers, body)));
    return answer(first);
  }
  if (roll < 0.31) {
    proxy.slow += 1;
    await new Promise((resolve) => setTimeout(resolve, rand(100, 400)));
  } else if (roll < 0.38) {
    proxy.replayed += 1;
    const { headers } = req;
    void track(
      new Promise((resolve) => setTimeout(resolve, rand(20, 500)))
        .then(() => forward(pick(), headers, body))
        .then((got) => {
          proxy.replayStatuses[got.status] = (proxy.replayStatuses[got.status] ?? 0) + 1;
        }),
    );
  }
  answer(await forward(pick(), req.headers, body));
}
await new Promise((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));

// The payer: pays the orders the parent names, a bounded number at once; each pay() resolves once its callback
// was acknowledged (after WeChat Pay's retries) or given up.
const queue = [];
let paying = 0;
function payNext() {
  while (paying < payConcurrency && queue.length > 0) {
    const outTradeNo = queue.shift();
    paying += 1;
    void track(
      simulator
        .pay(outTradeNo)
        .then(
          ({ callback }) => ({ outTradeNo, acknowledged: callback?.acknowledged === true, attempts: callback?.attempts.length ?? 0 }),
          (error) => ({ outTradeNo, acknowledged: false, attempts: 0, error: String(error) }),
        )
        .then((paid) => {
          paying -= 1;
          process.send({ paid });
          payNext();
        }),
    );
  }
}

process.on('message', async (message) => {
  if (message.receivers) receivers = message.receivers;
  else if (message.chaos === true && !chaos) {
    chaos = true;
    chaosLoop();
  } else if (message.chaos === false) {
    chaos = false;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    await primaryUpAgain();
    await simulator.faults.clear();
  } else if (message.pay) {
    queue.push(message.pay);
    payNext();
  } else if (message === 'finish') {
    // Late replays and forwards still on their way count too.
    const until = Date.now() + 10_000;
    while (pending.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    process.send({ finished: { proxy, schedule, unsettled: pending.size } });
  }
});
process.on('disconnect', () => {
  void simulator.close().finally(() => process.exit(0));
  callbackServer.close();
  primary.close();
});

process.send({
  ready: {
    config: simulator.config,
    apiV3Key: simulator.apiV3Key,
    primaryURL: `http://127.0.0.1:${primaryPort}/`,
    backupURL: simulator.baseURL,
    callbackURL: `http://127.0.0.1:${callbackServer.address().port}/wechatpay/notify`,
  },
});
