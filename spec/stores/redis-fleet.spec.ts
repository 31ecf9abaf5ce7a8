import { type ChildProcess, spawn } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Builder } from 'wechatpay-ts';
import { redisStore } from 'wechatpay-ts/redis';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { fixture, PLATFORM_CERT_SERIAL } from '../support/fixtures.js';
import { handSigned } from '../support/hand-signed-callback.js';
import { redisServer } from '../support/redis-server.js';
import { ORDER, SEED } from '../support/simulated.js';
import { sourceBuild } from '../support/source-build.js';

// Integration (npm run test:integration): needs the redis-server binary.
const redis = redisServer();
const API_V3_KEY = 'Kt8wZP3x7Yv5QeRfT2gH9jLmN4bC6dA1';
const platformKey = createPrivateKey(fixture('platform-key.pem'));

/**
 * One callback server process: a Notification sharing Redis with the others, whose handler counts its runs in
 * Redis (`runs:<id>`) and, for ids starting `HOLD-`, waits until the test sets `release:<id>`; `FAIL-` ids throw
 * on their first run.
 */
const PROCESS = `
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { Notification } from 'wechatpay-ts';
import { redisStore } from 'wechatpay-ts/redis';
const { url, apiV3Key, certs } = JSON.parse(process.env.FLEET_PROCESS);
const client = await createClient({ url }).connect();
const notification = new Notification({ apiV3Key, certs, store: redisStore(client, { prefix: 'fleet:' }) });
const handler = notification.nodeHandler(async (event) => {
  const runs = await client.incr('runs:' + event.id);
  if (event.id.startsWith('HOLD-')) while (!(await client.get('release:' + event.id))) await new Promise((resolve) => setTimeout(resolve, 20));
  if (event.id.startsWith('FAIL-') && runs === 1) throw new Error('the first run fails');
}, { onError: () => {} });
const server = createServer(handler).listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('end', async () => { server.close(); await client.close(); }).resume();
`;

let client: ReturnType<typeof createClient>;
const processes: ChildProcess[] = [];
const ports: number[] = [];

/** Starts a callback server process and resolves with its port. */
async function startProcess(): Promise<number> {
  const env = {
    ...process.env,
    FLEET_PROCESS: JSON.stringify({ url: redis.url, apiV3Key: API_V3_KEY, certs: { [PLATFORM_CERT_SERIAL]: fixture('platform-cert.pem') } }),
  };
  const child = spawn(process.execPath, ['--input-type=module', '-e', PROCESS], { cwd: sourceBuild(), env, stdio: ['pipe', 'pipe', 'inherit'] });
  processes.push(child);
  const [line] = (await Promise.race([
    new Promise((resolve) => createInterface({ input: child.stdout! }).once('line', (text) => resolve([text]))),
    new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`the callback process exited with ${code}`)))),
  ])) as [string];
  return Number(line);
}

beforeAll(async () => {
  client = await createClient({ url: redis.url }).connect();
  ports.push(...(await Promise.all([startProcess(), startProcess()])));
}, 30_000);
afterAll(async () => {
  await Promise.all(
    processes.map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      setTimeout(() => child.kill(), 5_000).unref();
      return child.exitCode === null ? exited : undefined;
    }),
  );
  await client?.close();
});

/** POSTs a fresh delivery of event `id` (its own nonce and signature, as WeChat Pay's retries have) to process `to`. */
async function deliver(id: string, to: number): Promise<number> {
  const { body, headers } = handSigned({ privateKey: platformKey, serial: PLATFORM_CERT_SERIAL, apiV3Key: API_V3_KEY, envelope: { id } });
  return (await fetch(`http://127.0.0.1:${ports[to]}/notify`, { method: 'POST', headers, body })).status;
}
const runs = async (id: string) => Number((await client.get(`runs:${id}`)) ?? 0);

describe('callbacks across two processes sharing one Redis', () => {
  it('runs the handler once when both get the same callback at once: the other answers 503, then 204 once it is done', async () => {
    const both = [deliver('HOLD-1', 0), deliver('HOLD-1', 1)];
    // While the first holds, the other process answers at once, and not with a 2xx.
    const first = await Promise.race(both);
    expect(first).toBe(503);
    // The winner's handler starts just after its claim, which the 503 may have overtaken: wait for its first step.
    await vi.waitFor(async () => expect(await runs('HOLD-1')).toBe(1), { timeout: 5_000, interval: 20 });
    await client.set('release:HOLD-1', '1');
    expect((await Promise.all(both)).sort()).toEqual([204, 503]);
    // WeChat Pay's retries, to either process: answered 204, not run again.
    expect([await deliver('HOLD-1', 0), await deliver('HOLD-1', 1)]).toEqual([204, 204]);
    expect(await runs('HOLD-1')).toBe(1);
  });

  it('runs many different callbacks, each delivered to both at once, exactly once each', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `MANY-${i}`);
    const statuses = await Promise.all(ids.flatMap((id) => [deliver(id, 0), deliver(id, 1)]));
    expect(statuses.every((status) => status === 204 || status === 503)).toBe(true);
    for (const id of ids) expect(await runs(id)).toBe(1);
    // Every 503 was a retry WeChat Pay makes later: now answered 204 without running again.
    expect(await Promise.all(ids.map((id) => deliver(id, 1)))).toEqual(ids.map(() => 204));
    for (const id of ids) expect(await runs(id)).toBe(1);
  });

  it('lets the other process run the retry of a callback whose handler failed', async () => {
    expect(await deliver('FAIL-1', 0)).toBe(500);
    expect(await deliver('FAIL-1', 1)).toBe(204);
    expect(await deliver('FAIL-1', 0)).toBe(204);
    expect(await runs('FAIL-1')).toBe(2);
  });
});

describe('platform certificates across clients sharing one Redis', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startSimulator({
      worker: true,
      platform: { serial: PLATFORM_CERT_SERIAL, privateKey: fixture('platform-key.pem'), certificate: fixture('platform-cert.pem') },
    });
  });
  afterAll(() => simulator?.close());

  it('are downloaded once for clients that each have their own Redis connection', async () => {
    const connections = await Promise.all([0, 1, 2].map(() => createClient({ url: redis.url }).connect()));
    const clients = connections.map((connection) =>
      Builder.factory({
        ...simulator.config,
        certs: {},
        apiV3Key: simulator.apiV3Key,
        platformCertificates: { store: redisStore(connection, { prefix: 'certs:' }) },
      }),
    );
    try {
      const answers = await Promise.all(clients.map((instance, i) => instance.chain(SEED).postAsync({ out_order_no: `RC${i}`, json: ORDER })));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      const received = await simulator.received();
      expect(received.filter((request) => request.target === '/v3/certificates')).toHaveLength(1);
      expect(clients.map((instance) => instance.getDriver().certificates!.certificates.map((c) => c.serial))).toEqual([
        [PLATFORM_CERT_SERIAL],
        [PLATFORM_CERT_SERIAL],
        [PLATFORM_CERT_SERIAL],
      ]);
      expect(await client.exists(`certs:certificates:${simulator.mchid}:listing`)).toBe(1);
    } finally {
      for (const instance of clients) await instance.getDriver().close();
      for (const connection of connections) await connection.close();
    }
  });
});
