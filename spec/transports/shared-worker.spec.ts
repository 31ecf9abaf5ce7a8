import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connectProxy } from '../support/connect-proxy.js';
import { fixture } from '../support/fixtures.js';
import { ORDER, SEED } from '../support/simulated.js';
import { sourceBuild } from '../support/source-build.js';

const PRELOAD = fileURLToPath(new URL('../support/count-sync-workers.mjs', import.meta.url));
const SECRET = fixture('apiv2-key.txt').trim();
const TLS = { ca: fixture('tls-ca.pem'), cert: fixture('tls-server.pem'), key: fixture('tls-server-key.pem') };
const MERCHANT = { cert: fixture('tls-client.pem'), key: fixture('tls-client-key.pem') };

const proxy = connectProxy();
const scratch = mkdtempSync(join(tmpdir(), 'wechatpay-ts-shared-worker-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A child program's opening: a simulator in a worker thread with its plain and mutual-TLS listeners, and three
 * clients of different pools (plain; mutual TLS with the merchant certificate and the test CA; through the proxy).
 */
const OPENING = `
  import { Builder } from 'wechatpay-ts';
  import { startSimulator } from 'wechatpay-ts/simulator';
  const TLS = ${JSON.stringify(TLS)};
  const simulator = await startSimulator({ worker: true, v2: { secret: ${JSON.stringify(SECRET)}, tls: TLS } });
  const plain = Builder.factory({ ...simulator.config, timeout: 10000 });
  const secure = Builder.factory({
    mchid: simulator.mchid, secret: ${JSON.stringify(SECRET)}, merchant: ${JSON.stringify(MERCHANT)},
    tls: { ca: TLS.ca }, baseURL: simulator.secureBaseURL, timeout: 10000,
  });
  const proxied = Builder.factory({ ...simulator.config, proxy: PROXY_URL, timeout: 10000 });
  const order = (instance, no) => instance.chain('${SEED}').post({ out_order_no: no, json: ${JSON.stringify(ORDER)} }).status;
  const refund = () => secure.v2.secapi.pay.refund.post({
    xml: { appid: 'wx2421b1c4370ec43b', mch_id: simulator.mchid, out_trade_no: '1415757673', out_refund_no: 'R1', total_fee: 1, refund_fee: 1 },
    security: true,
  }).xml().result_code;
  const steps = {};
`;

describe('one synchronous worker per thread', () => {
  it('serves clients of different TLS and proxy settings; closing one leaves the others calling; closing the last stops it', async () => {
    const tunnels = proxy.counts().tunnels;
    const code = `${OPENING}
      steps.first = [order(plain, 'plain-1'), refund(), order(proxied, 'proxied-1')];
      await plain.getDriver().close();
      steps.afterOneClosed = [refund(), order(proxied, 'proxied-2')];
      await secure.getDriver().close();
      await proxied.getDriver().close();
      // Every client closed: the worker stopped, and the next call starts a new one.
      steps.afterAllClosed = [order(plain, 'plain-2')];
      await plain.getDriver().close();
      await simulator.close();
      console.log(JSON.stringify(steps));`;

    const run = await runChild(code);

    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      first: [200, 'SUCCESS', 200],
      afterOneClosed: ['SUCCESS', 200],
      afterAllClosed: [200],
    });
    // Two threads in all: the one all three clients shared, and the one started after they had all closed.
    expect(run.workers).toHaveLength(2);
    expect(new Set(run.workers).size).toBe(2);
    // The proxied client's pool, in that shared worker, went through the proxy (one tunnel, kept alive).
    expect(proxy.counts().tunnels).toBe(tunnels + 1);
  }, 60_000);

  it('a worker that ends during a call fails that call at once, and is replaced for every client', async () => {
    const code = `${OPENING}
      steps.before = [order(plain, 'plain-1'), refund(), order(proxied, 'proxied-1')];
      const started = performance.now();
      try {
        order(plain, 'exit-now');
      } catch (error) {
        steps.died = { name: error.name, reason: error.reason, message: error.message, ms: performance.now() - started };
      }
      steps.after = [order(plain, 'plain-2'), refund(), order(proxied, 'proxied-2')];
      await simulator.close();
      console.log(JSON.stringify(steps));`;

    const run = await runChild(code, { SYNC_WORKER_EXIT_ON: 'exit-now' });

    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const steps = JSON.parse(run.stdout);
    expect(steps.before).toEqual([200, 'SUCCESS', 200]);
    expect(steps.after).toEqual([200, 'SUCCESS', 200]);
    expect(steps.died).toMatchObject({
      name: 'TransportError',
      reason: 'internal',
      message: expect.stringMatching(/exit-now\/complete failed: the synchronous transport's worker ended during the call/),
    });
    // Not left to wait out its 10 s deadline (and the grace after it).
    expect(steps.died.ms).toBeLessThan(5000);
    expect(run.workers).toHaveLength(2);
  }, 60_000);

  it('a worker that ended between two calls is replaced before the next call is sent', async () => {
    const code = `${OPENING}
      steps.before = [order(plain, 'exit-after'), order(proxied, 'proxied-1')];
      // Blocked, as a synchronous program is: the worker's exit event cannot reach this thread meanwhile.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      steps.after = [order(plain, 'plain-2'), order(proxied, 'proxied-2'), refund()];
      await simulator.close();
      console.log(JSON.stringify(steps));`;

    const run = await runChild(code, { SYNC_WORKER_EXIT_AFTER: 'exit-after' });

    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ before: [200, 200], after: [200, 200, 'SUCCESS'] });
    expect(run.workers).toHaveLength(2);
  }, 60_000);

  it('a client dropped without close() frees its pools once garbage-collected, and the worker stops with the last', async () => {
    const code = `${OPENING}
      let dropped = Builder.factory(simulator.config);
      steps.before = [order(dropped, 'dropped-1')];
      dropped = undefined;
      // The finalizer runs on a later turn of the event loop, after a collection.
      for (let i = 0; i < 10; i++) {
        globalThis.gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      steps.after = [order(plain, 'plain-1')];
      await simulator.close();
      console.log(JSON.stringify(steps));`;

    const run = await runChild(code, {}, ['--expose-gc']);

    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ before: [200], after: [200] });
    // The dropped client was the worker's only one: it stopped, and the next call started another.
    expect(run.workers).toHaveLength(2);
  }, 60_000);
});

/**
 * Runs an ES module given as text in a child node with the counting preload, killed after `ms`; returns its output
 * and the threadIds of the synchronous workers it started. Its cwd is the source build of lib/.
 */
async function runChild(code: string, env: Record<string, string> = {}, flags: string[] = [], ms = 40_000) {
  const log = join(scratch, `workers-${Date.now()}-${Math.random().toString(16).slice(2)}.log`);
  const program = code.replace('PROXY_URL', JSON.stringify(proxy.url));
  const child = spawn(process.execPath, [...flags, '--import', PRELOAD, '--input-type=module', '-e', program], {
    cwd: sourceBuild(),
    env: { ...process.env, ...env, SYNC_WORKER_LOG: log, HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  }).finally(() => clearTimeout(timer));
  let workers: string[] = [];
  try {
    workers = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } catch {}
  return { exitCode, stdout, stderr, workers };
}
