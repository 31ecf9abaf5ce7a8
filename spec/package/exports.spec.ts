import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as source from 'wechatpay-ts';
import * as sourceSimulator from 'wechatpay-ts/simulator';
import * as sourceTesting from 'wechatpay-ts/testing';
import * as sourceRedis from 'wechatpay-ts/redis';
import { packed, run, type Packed } from '../support/packed.js';

let installed: Packed;
const text = (file: string) => readFileSync(join(installed.package, file), 'utf8');

beforeAll(async () => {
  installed = await packed();
}, 180_000);

/** Runs a program with Node in the project that installed the package: `-e` code, ESM unless `commonjs`. */
async function node(code: string, commonjs = false): Promise<string> {
  return run(process.execPath, [...(commonjs ? [] : ['--input-type=module']), '-e', code], { cwd: installed.dir });
}

const CALLS = `
  const simulator = await startSimulator({ worker: true });
  const instance = Builder.factory(simulator.config);
  const json = { appid: 'wxd678efh567hg6787', service_id: '500001', total_amount: 1 };
  const now = instance.chain('v3/payscore/smartretail-orders/{out_order_no}/complete').post({ out_order_no: 'PKG-SYNC', json });
  const later = await instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no: 'PKG-ASYNC', json });
  const missing = await instance.v3.nothing.getAsync().catch((error) => error);
  console.log(JSON.stringify([now.status, now.json().out_order_no, later.status, later.json().out_order_no, missing instanceof ApiError, missing.code]));
  await instance.getDriver().close();
  await simulator.close();`;

describe('the installed package, loaded by Node through its exports map', () => {
  it('exports what the source exports, from wechatpay-ts, wechatpay-ts/simulator, wechatpay-ts/testing and wechatpay-ts/redis', async () => {
    const out = await node(`
      const api = await import('wechatpay-ts');
      const simulator = await import('wechatpay-ts/simulator');
      const testing = await import('wechatpay-ts/testing');
      const redis = await import('wechatpay-ts/redis');
      console.log(JSON.stringify([Object.keys(api).sort(), Object.keys(simulator).sort(), Object.keys(testing).sort(), Object.keys(redis).sort()]));`);
    expect(JSON.parse(out)).toEqual([
      Object.keys(source).sort(),
      Object.keys(sourceSimulator).sort(),
      Object.keys(sourceTesting).sort(),
      Object.keys(sourceRedis).sort(),
    ]);
    expect(Object.keys(sourceRedis)).toEqual(['redisStore']);
  });

  it('loads wechatpay-ts/redis without the redis package: the client is passed in, never imported', async () => {
    const out = await node(`
      import { redisStore } from 'wechatpay-ts/redis';
      const sets = [];
      const store = redisStore({ set: async (...args) => (sets.push(args), null), get: async () => null, del: async () => 0 }, { prefix: 'p:' });
      console.log(JSON.stringify([await store.claim('k', 'v', 1000), await store.get('k'), sets]));`);
    expect(JSON.parse(out)).toEqual([false, null, [['p:k', 'v', { NX: true, PX: 1000 }]]]);
    expect(JSON.parse(text('package.json')).peerDependenciesMeta.redis).toEqual({ optional: true });
  });

  it('serves msw handlers from wechatpay-ts/testing: an order, its payment and the callback, through fetchTransport', async () => {
    const out = await node(`
      import { setupServer } from 'msw/node';
      import { Builder, fetchTransport, Notification } from 'wechatpay-ts';
      import { createWechatpayMock } from 'wechatpay-ts/testing';
      const seen = [];
      const wechatpay = createWechatpayMock({ onCallback: (request) => notification.fetchHandler((event) => { seen.push(event.resource.out_trade_no); })(request) });
      const notification = new Notification({ apiV3Key: wechatpay.apiV3Key, certs: wechatpay.config.certs });
      const server = setupServer(...wechatpay.handlers);
      server.listen({ onUnhandledRequest: 'error' });
      const instance = Builder.factory({ ...wechatpay.config, transport: fetchTransport() });
      const json = { appid: 'wxd678efh567hg6787', mchid: wechatpay.mchid, description: 'Tea', out_trade_no: 'PKG-1', notify_url: 'https://shop.example.com/n', amount: { total: 1 }, payer: { openid: 'o1' } };
      const order = await instance.v3.pay.transactions.jsapi.postAsync({ json });
      const paid = await wechatpay.pay('PKG-1');
      console.log(JSON.stringify([order.status, paid.callback.acknowledged, seen]));
      server.close();`);
    expect(JSON.parse(out)).toEqual([200, true, ['PKG-1']]);
  });

  it('keeps msw, Redis and the testing kit out of the main entry: nothing wechatpay-ts loads imports them', () => {
    // Every file the main entry loads, statically or dynamically, by following the relative imports of dist/, and
    // the source modules whose code they hold (esbuild writes `// lib/…` above each one's code).
    const seen = new Set<string>();
    const outside = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, specifier] of text(file).matchAll(/(?:from|import\(|import)\s*['"]([^'"]+)['"]/g)) {
        if (!specifier?.startsWith('.'))
          outside.add(specifier?.split('/')[0]?.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier?.split('/')[0] ?? ''));
        else visit(posix.join(posix.dirname(file), specifier));
      }
    };
    const sources = (files: Iterable<string>) =>
      new Set([...files].flatMap((file) => [...text(file).matchAll(/^\/\/ (lib\/\S+)$/gm)].map((match) => match[1])));
    visit('dist/index.js');
    const modules = sources(seen);
    expect(modules.size).toBeGreaterThan(50);
    expect([...modules].filter((module) => module?.startsWith('lib/testing/') || module?.startsWith('lib/simulator/'))).toEqual([]);
    expect(outside).not.toContain('msw');
    expect(outside).not.toContain('redis');
    expect(modules).not.toContain('lib/stores/redis-store.ts');
    // The testing entry is what brings msw in.
    expect(text('dist/testing/index.js')).toMatch(/from "msw"/);
  });

  it('makes synchronous and asynchronous calls from ESM, with its own worker files (the simulator in a worker too)', async () => {
    const out = await node(`import { ApiError, Builder } from 'wechatpay-ts'; import { startSimulator } from 'wechatpay-ts/simulator';${CALLS}`);
    expect(JSON.parse(out)).toEqual([200, 'PKG-SYNC', 200, 'PKG-ASYNC', true, 'NOT_FOUND']);
  });

  it('loads from CommonJS through require(esm), synchronous calls included', async () => {
    const out = await node(
      `
      const { ApiError, Builder } = require('wechatpay-ts');
      const { startSimulator } = require('wechatpay-ts/simulator');
      (async () => {${CALLS}
      })();`,
      true,
    );
    expect(JSON.parse(out)).toEqual([200, 'PKG-SYNC', 200, 'PKG-ASYNC', true, 'NOT_FOUND']);
  });

  it('exposes its worker entry points and package.json, and nothing else of dist/', async () => {
    const out = await node(`
      const resolve = (name) => { try { return import.meta.resolve(name); } catch (error) { return error.code; } };
      console.log(JSON.stringify(['wechatpay-ts/sync-worker', 'wechatpay-ts/simulator-worker', 'wechatpay-ts/package.json', 'wechatpay-ts/dist/index.js', 'wechatpay-ts/lib/index.ts'].map(resolve)));`);
    const at = (path: string) => new URL(`node_modules/wechatpay-ts/${path}`, `file://${installed.dir}/`).href;
    expect(JSON.parse(out)).toEqual([
      at('dist/transports/sync-worker.js'),
      at('dist/simulator/simulator-worker.js'),
      at('package.json'),
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
    ]);
  });

  it('says what a worker entry point is when it is imported on the main thread', async () => {
    const failure = await node(`await import('wechatpay-ts/sync-worker');`).catch((error: Error) => error.message);
    expect(failure).toMatch(/Error: sync-worker\.js runs as the worker thread of synchronous calls/);
  });
});
