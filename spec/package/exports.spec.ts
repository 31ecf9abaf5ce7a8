import { beforeAll, describe, expect, it } from 'vitest';
import * as source from 'wechatpay-ts';
import * as sourceSimulator from 'wechatpay-ts/simulator';
import { packed, run, type Packed } from '../support/packed.js';

let installed: Packed;

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
  it('exports what the source exports, from wechatpay-ts and wechatpay-ts/simulator', async () => {
    const out = await node(`
      const api = await import('wechatpay-ts');
      const simulator = await import('wechatpay-ts/simulator');
      console.log(JSON.stringify([Object.keys(api).sort(), Object.keys(simulator).sort()]));`);
    expect(JSON.parse(out)).toEqual([Object.keys(source).sort(), Object.keys(sourceSimulator).sort()]);
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
