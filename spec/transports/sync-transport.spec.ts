import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiError, Builder, TransportError, type WechatpayResponse } from 'wechatpay-ts';
import type { Simulator } from 'wechatpay-ts/simulator';
import { ORDER, SEED, simulated } from '../support/simulated.js';
import { rejection, thrown } from '../support/failures.js';
import { sourceBuild } from '../support/source-build.js';

const state = simulated();

const HANG = { 'Wechatpay-Simulator-Fault': 'hang' };

/** The out_order_no of each request the simulator received. */
async function orderNumbers(simulator: Simulator): Promise<string[]> {
  return (await simulator.received()).map((request) => /\/smartretail-orders\/([^/]+)\/complete$/.exec(request.target)?.[1] ?? request.target);
}

async function until(condition: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await condition())) {
    if (performance.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectCompleted(response: WechatpayResponse, outOrderNo: string): void {
  expect(response.status).toBe(200);
  expect(response.json()).toMatchObject({ appid: 'wxd678efh567hg6787', mchid: '1900000001', out_order_no: outOrderNo, service_id: '500001' });
}

describe('synchronous transport: timeouts', () => {
  it('throws a timeout TransportError within the timeout plus the grace, then recovers', () => {
    const start = performance.now();
    const error = thrown(() => state.instance.chain(SEED).post({ out_order_no: 'sync-hang', json: ORDER, timeout: 300, headers: HANG }));
    const elapsed = performance.now() - start;

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).reason).toBe('timeout');
    expect((error as TransportError).code).toBe('ERR_TRANSPORT_TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(300 + 1500);

    const response = state.instance.chain(SEED).post({ out_order_no: 'sync-after-hang', json: ORDER });
    expectCompleted(response, 'sync-after-hang');
  });

  it('rejects an asynchronous call that times out', async () => {
    const start = performance.now();
    const error = await rejection(state.instance.chain(SEED).postAsync({ out_order_no: 'async-hang', json: ORDER, timeout: 300, headers: HANG }));
    const elapsed = performance.now() - start;

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).reason).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(300 + 1500);
  });

  it('rejects with aborted when the caller aborts mid-flight', async () => {
    const controller = new AbortController();
    const call = rejection(
      state.instance.chain(SEED).postAsync({ out_order_no: 'async-abort', json: ORDER, headers: HANG, signal: controller.signal }),
    );
    await until(async () => (await orderNumbers(state.simulator)).includes('async-abort'));
    controller.abort();

    const error = await call;

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).reason).toBe('aborted');
  });

  it('sends nothing when the signal is aborted before the call', async () => {
    const before = await orderNumbers(state.simulator);

    const error = await rejection(
      state.instance.chain(SEED).postAsync({ out_order_no: 'pre-aborted', json: ORDER, signal: AbortSignal.abort(new Error('gave up')) }),
    );
    // A later call that does arrive: had the aborted one been sent, it would be there by now too.
    expectCompleted(await state.instance.chain(SEED).postAsync({ out_order_no: 'after-pre-aborted', json: ORDER }), 'after-pre-aborted');

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).reason).toBe('aborted');
    expect(await orderNumbers(state.simulator)).toEqual([...before, 'after-pre-aborted']);
  });
});

describe('synchronous transport: network failures', () => {
  it('throws a connect TransportError when nothing listens, as the asynchronous call rejects', async () => {
    const nowhere = Builder.factory({ ...state.simulator.config, baseURL: 'http://127.0.0.1:1/' });
    try {
      const sync = thrown(() => nowhere.chain(SEED).post({ out_order_no: 'nowhere', json: ORDER, timeout: 5000 }));
      const async = await rejection(nowhere.chain(SEED).postAsync({ out_order_no: 'nowhere', json: ORDER, timeout: 5000 }));

      for (const error of [sync, async]) {
        expect(error).toBeInstanceOf(TransportError);
        expect((error as TransportError).reason).toBe('connect');
        expect((error as TransportError).code).toBe('ERR_TRANSPORT_CONNECT');
        expect((error as TransportError).message).toContain('ECONNREFUSED');
      }
    } finally {
      await nowhere.getDriver().close();
    }
  });
});

describe('synchronous transport: the cause of a failure', () => {
  it("keeps the original error's name, code and message in cause, as the asynchronous call does", async () => {
    // A port that was just listening and is closed now: nothing answers there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const closed = Builder.factory({ ...state.simulator.config, baseURL: `http://127.0.0.1:${port}/` });
    try {
      const sync = thrown(() => closed.chain(SEED).post({ out_order_no: 'closed', json: ORDER, timeout: 5000 })) as TransportError;
      const async = (await rejection(closed.chain(SEED).postAsync({ out_order_no: 'closed', json: ORDER, timeout: 5000 }))) as TransportError;
      const cause = (error: TransportError) => {
        const { name, code, message } = error.cause as Error & { code?: unknown };
        return { name, code, message };
      };
      expect(cause(async)).toEqual({ name: 'Error', code: 'ECONNREFUSED', message: `connect ECONNREFUSED 127.0.0.1:${port}` });
      expect(cause(sync)).toEqual(cause(async));
      expect(sync.cause).toBeInstanceOf(Error);
      expect(sync.message).toBe(async.message);
    } finally {
      await closed.getDriver().close();
    }
  });
});

describe('synchronous transport: the worker thread', () => {
  it.each([
    ['no flags', []],
    ['flags a worker cannot take', ['--max-old-space-size=512', '--title=wechatpay-child', '--expose-gc']],
  ])('does not keep the process alive once the simulator is closed (%s)', async (_, flags) => {
    // An ES module given with -e: its --input-type flag must not reach the workers (they could not load their files).
    const code = `
      import { Builder } from 'wechatpay-ts';
      import { startSimulator } from 'wechatpay-ts/simulator';
      const simulator = await startSimulator({ worker: true });
      const instance = Builder.factory(simulator.config);
      const response = instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no: 'child-1', json: ${JSON.stringify(ORDER)} });
      console.log('status=' + response.status + ' out_order_no=' + response.json().out_order_no);
      await simulator.close();`;
    const { killed, signal, stderr, exitCode, stdout } = await runChild(flags, code);
    expect({ killed, signal, stderr }).toEqual({ killed: false, signal: null, stderr: '' });
    expect(exitCode).toBe(0);
    expect(stdout).toBe('status=200 out_order_no=child-1\n');
  });
});

describe('errors are the same classes in both modes', () => {
  it('an unknown path is an ApiError 404 NOT_FOUND with a Request-ID, sync and async', async () => {
    const sync = thrown(() => state.instance.v3.nothing.here.get());
    const async = await rejection(state.instance.v3.nothing.here.getAsync());

    for (const error of [sync, async]) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(404);
      expect((error as ApiError).code).toBe('NOT_FOUND');
      expect((error as ApiError).requestId).toMatch(/^[0-9A-F]{32}$/);
    }
    expect((sync as ApiError).requestId).not.toBe((async as ApiError).requestId);
    expect((await state.simulator.received()).slice(-2).map((request) => `${request.method} ${request.target}`)).toEqual([
      'GET /v3/nothing/here',
      'GET /v3/nothing/here',
    ]);
  });

  it('gives up on a worker that never answers within the timeout plus a second, and still lets the process exit', async () => {
    // The preload lets the worker start but blocks it on the first request, as a wedged thread would.
    const timed = `
      import { Builder } from 'wechatpay-ts';
      import { startSimulator } from 'wechatpay-ts/simulator';
      const simulator = await startSimulator({ worker: true });
      const instance = Builder.factory({ ...simulator.config, timeout: 400 });
      const started = performance.now();
      try {
        instance.chain('${SEED}').post({ out_order_no: 'stall-1', json: ${JSON.stringify(ORDER)} });
      } catch (error) {
        console.log(JSON.stringify({ name: error.name, reason: error.reason, message: error.message, ms: Math.round(performance.now() - started) }));
      }
      await simulator.close();`;
    const second = await runChild(['--import', fileURLToPath(new URL('../support/stall-sync-worker.mjs', import.meta.url))], timed);
    expect({ killed: second.killed, exitCode: second.exitCode, stderr: second.stderr }).toEqual({ killed: false, exitCode: 0, stderr: '' });
    const outcome = JSON.parse(second.stdout) as { name: string; reason: string; message: string; ms: number };
    expect(outcome).toMatchObject({
      name: 'TransportError',
      reason: 'timeout',
      message: expect.stringMatching(/timed out after 400 ms \(the worker did not answer\)$/),
    });
    expect(outcome.ms).toBeGreaterThanOrEqual(1400);
    expect(outcome.ms).toBeLessThan(1400 + 1500);
  }, 60_000);
});

describe('a failure of the worker itself', () => {
  it("is a TransportError (internal), not a network one, keeping the worker's message and stack in cause", async () => {
    // The preload makes the worker's own code throw on the request, as a bug would.
    const broken = `
      import { Builder } from 'wechatpay-ts';
      import { startSimulator } from 'wechatpay-ts/simulator';
      const simulator = await startSimulator({ worker: true });
      const instance = Builder.factory({ ...simulator.config, timeout: 5000 });
      try {
        instance.chain('${SEED}').post({ out_order_no: 'bug-1', json: ${JSON.stringify(ORDER)} });
      } catch (error) {
        const { name, code, reason, message, cause } = error;
        console.log(JSON.stringify({ name, code, reason, message, cause: { name: cause.name, message: cause.message, stack: cause.stack }, json: error.toJSON() }));
      }
      await simulator.close();`;
    const run = await runChild(['--import', fileURLToPath(new URL('../support/break-sync-worker.mjs', import.meta.url))], broken);
    expect({ killed: run.killed, exitCode: run.exitCode, stderr: run.stderr }).toEqual({ killed: false, exitCode: 0, stderr: '' });
    const outcome = JSON.parse(run.stdout) as {
      name: string;
      code: string;
      reason: string;
      message: string;
      cause: { name: string; message: string; stack: string };
      json: unknown;
    };
    expect(outcome).toMatchObject({
      name: 'TransportError',
      code: 'ERR_TRANSPORT_INTERNAL',
      reason: 'internal',
      message: expect.stringMatching(
        /^the synchronous transport's worker failed \(TypeError: a planted bug in the worker\); this is a bug, not a network failure/,
      ),
      cause: { name: 'TypeError', message: 'a planted bug in the worker' },
    });
    // The stack is the worker's own: it points at the planted getter.
    expect(outcome.cause.stack).toMatch(/^TypeError: a planted bug in the worker\n\s+at .*break-sync-worker\.mjs/);
    expect(outcome.json).toMatchObject({
      code: 'ERR_TRANSPORT_INTERNAL',
      reason: 'internal',
      cause: { name: 'TypeError', message: 'a planted bug in the worker' },
    });
  }, 60_000);
});

/**
 * Runs an ES module given as text in a child node, killed after `ms`. Its cwd is the source build of lib/, so that
 * `wechatpay-ts` is the source under test.
 */
async function runChild(flags: string[], code: string, ms = 20_000) {
  const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', code], { cwd: sourceBuild(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, ms);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (status, sig) => resolve([status, sig]));
  }).finally(() => clearTimeout(timer));
  return { killed, exitCode, signal, stdout, stderr };
}
