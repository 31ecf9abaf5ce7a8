import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { packed, run, type Packed } from '../support/packed.js';

/** A program as a user writes it: one asynchronous and one synchronous call, printing what it verified. */
const APP = `
import { Builder } from 'wechatpay-ts';

const instance = Builder.factory(JSON.parse(process.env.SIMULATOR_CONFIG));
const json = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 };
const complete = instance.v3.payscore.smartretailOrders._out_order_no_.complete;
try {
  const later = await complete.postAsync({ out_order_no: 'BUNDLE-ASYNC', json });
  const now = complete.post({ out_order_no: 'BUNDLE-SYNC', json });
  console.log(JSON.stringify([later, now].map((response) => ({ status: response.status, body: response.json() }))));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message }));
} finally {
  await instance.getDriver().close();
}
`;

/** The options docs/guide/bundling.md gives for esbuild. */
const GUIDE: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'error',
};

let installed: Packed;
let simulator: Simulator;
const outputs: string[] = [];

beforeAll(async () => {
  installed = await packed();
  writeFileSync(join(installed.dir, 'app.mjs'), APP);
  // In this process: the bundle's synchronous call blocks its own process, not this one.
  simulator = await startSimulator();
}, 180_000);

afterAll(async () => {
  await simulator?.close();
  for (const dir of outputs) rmSync(dir, { recursive: true, force: true });
});

/** Bundles app.mjs (and the given worker entries) into a folder of its own, away from any node_modules. */
async function bundle(workers: Record<string, string>): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'wechatpay-bundle-'));
  outputs.push(outdir);
  await build({ ...GUIDE, absWorkingDir: installed.dir, entryPoints: { app: './app.mjs', ...workers }, outdir });
  return outdir;
}

async function runBundle(outdir: string): Promise<unknown> {
  const stdout = await run(process.execPath, [join(outdir, 'app.js')], {
    cwd: outdir,
    env: { ...process.env, SIMULATOR_CONFIG: JSON.stringify(simulator.config) },
  });
  return JSON.parse(stdout);
}

describe('a program bundled with esbuild as docs/guide/bundling.md says', () => {
  it('runs on its own: an asynchronous and a synchronous call, both verified', async () => {
    const outdir = await bundle({ 'wechatpay-ts-sync-worker': 'wechatpay-ts/sync-worker' });
    expect(readdirSync(outdir).sort()).toEqual(['app.js', 'wechatpay-ts-sync-worker.js']);
    const before = (await simulator.received()).length;
    const answers = await runBundle(outdir);
    expect(answers).toEqual([
      { status: 200, body: expect.objectContaining({ out_order_no: 'BUNDLE-ASYNC', mchid: simulator.mchid }) },
      { status: 200, body: expect.objectContaining({ out_order_no: 'BUNDLE-SYNC', mchid: simulator.mchid }) },
    ]);
    const received = (await simulator.received()).slice(before);
    expect(received.map((request) => `${request.method} ${request.target}`)).toEqual([
      'POST /v3/payscore/smartretail-orders/BUNDLE-ASYNC/complete',
      'POST /v3/payscore/smartretail-orders/BUNDLE-SYNC/complete',
    ]);
  });

  it('without the worker file, a synchronous call is a ConfigError naming it, and nothing is sent', async () => {
    const outdir = await bundle({});
    expect(readdirSync(outdir)).toEqual(['app.js']);
    const before = (await simulator.received()).length;
    const outcome = (await runBundle(outdir)) as { name: string; code: string; message: string };
    expect(outcome).toMatchObject({ name: 'ConfigError', code: 'ERR_WORKER_FILE' });
    expect(outcome.message).toMatch(/^wechatpay-ts-sync-worker\.js: not found next to file:\/\/\/.*\/app\.js .*wechatpay-ts\/sync-worker/);
    // The asynchronous call went through; the synchronous one never left.
    expect((await simulator.received()).slice(before).map((request) => request.target)).toEqual([
      '/v3/payscore/smartretail-orders/BUNDLE-ASYNC/complete',
    ]);
  });
});

/** The parsers a bundle carries but loads on first use: APIv2 XML, a bill, an upload's content type and meta. */
const PARSERS = `
import { Bill, Builder, WechatpayResponse } from 'wechatpay-ts';

const xml = new WechatpayResponse(200, new Headers(), Buffer.from('<xml><a><![CDATA[1]]></a></xml>')).xml();
const bill = Bill.parse('交易时间,商户号\\n\`2026-11-26 10:00:00,\`1230000109\\n总交易单数\\n\`1\\n');
const rows = [];
for await (const row of bill.rows()) rows.push(row);
const sent = [];
const { mchid, serial, privateKey, certs } = JSON.parse(process.env.SIMULATOR_CONFIG);
const instance = Builder.factory({
  mchid, serial, privateKey, certs,
  transport: { name: 'recording', async send(request) { sent.push(request); throw new Error('recorded, not sent'); }, async close() {} },
});
await instance.v3.merchant.media.upload.postAsync({ body: { file: { data: new Uint8Array(8), filename: 'a.webp' } } }).catch(() => undefined);
const upload = sent[0]?.multipart;
console.log(JSON.stringify({ xml, rows, summary: await bill.summary(), types: upload?.parts.map((part) => part.contentType), meta: upload?.meta }));
`;

describe('the parsers loaded on first use', () => {
  it('are in the bundle and work from it, away from any node_modules', async () => {
    writeFileSync(join(installed.dir, 'parsers.mjs'), PARSERS);
    const outdir = mkdtempSync(join(tmpdir(), 'wechatpay-bundle-'));
    outputs.push(outdir);
    await build({ ...GUIDE, absWorkingDir: installed.dir, entryPoints: { parsers: './parsers.mjs' }, outdir });
    const stdout = await run(process.execPath, [join(outdir, 'parsers.js')], {
      cwd: outdir,
      env: { ...process.env, SIMULATOR_CONFIG: JSON.stringify(simulator.config) },
    });
    const sha256 = createHash('sha256').update(new Uint8Array(8)).digest('hex');
    expect(JSON.parse(stdout)).toEqual({
      xml: { a: '1' },
      rows: [{ 交易时间: '2026-11-26 10:00:00', 商户号: '1230000109' }],
      summary: { 总交易单数: '1' },
      types: ['image/webp'],
      meta: `{"filename":"a.webp","sha256":"${sha256}"}`,
    });
  });
});

/** The same calls from a bundle that left the two lazily required parsers out, with no node_modules to find them in. */
const WITHOUT_PARSERS = `
import { Builder, WechatpayResponse } from 'wechatpay-ts';

const outcome = (error) => ({ name: error.name, code: error.code, field: error.field, message: error.message });
const sent = [];
const { mchid, serial, privateKey, certs } = JSON.parse(process.env.SIMULATOR_CONFIG);
const instance = Builder.factory({
  mchid, serial, privateKey, certs,
  transport: { name: 'recording', async send(request) { sent.push(request); throw new Error('recorded, not sent'); }, async close() {} },
});
let xml;
try {
  new WechatpayResponse(200, new Headers(), Buffer.from('<xml><a>1</a></xml>')).xml();
} catch (error) {
  xml = outcome(error);
}
const upload = await instance.v3.merchant.media.upload.postAsync({ body: { file: { data: new Uint8Array(8), filename: 'a.webp' } } }).catch(outcome);
console.log(JSON.stringify({ xml, upload, sent: sent.length }));
`;

describe('the parsers loaded on first use, left out of a bundle', () => {
  it('are a ConfigError naming the package and the guide on first use, and nothing is sent', async () => {
    writeFileSync(join(installed.dir, 'without-parsers.mjs'), WITHOUT_PARSERS);
    const outdir = mkdtempSync(join(tmpdir(), 'wechatpay-bundle-'));
    outputs.push(outdir);
    await build({
      ...GUIDE,
      absWorkingDir: installed.dir,
      entryPoints: { app: './without-parsers.mjs' },
      external: ['fast-xml-parser', 'mime'],
      outdir,
    });
    const stdout = await run(process.execPath, [join(outdir, 'app.js')], {
      cwd: outdir,
      env: { ...process.env, SIMULATOR_CONFIG: JSON.stringify(simulator.config) },
    });
    const refused = (name: string) => ({
      name: 'ConfigError',
      code: 'ERR_CONFIG',
      field: name,
      message: expect.stringMatching(new RegExp(`^${name}: cannot be loaded: .*guide/bundling`)),
    });
    expect(JSON.parse(stdout)).toEqual({ xml: refused('fast-xml-parser'), upload: refused('mime'), sent: 0 });
  });
});

describe('the simulator bundled with its worker', () => {
  it('starts in a worker thread from the bundle and answers a synchronous call', async () => {
    writeFileSync(
      join(installed.dir, 'simulate.mjs'),
      `import { Builder } from 'wechatpay-ts';
      import { startSimulator } from 'wechatpay-ts/simulator';
      const simulator = await startSimulator({ worker: true });
      const instance = Builder.factory(simulator.config);
      const response = instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no: 'BUNDLE-SIM', json: { appid: 'wxd678efh567hg6787', service_id: '500001', total_amount: 1 } });
      console.log(JSON.stringify({ status: response.status, out_order_no: response.json().out_order_no, received: (await simulator.received()).length }));
      await instance.getDriver().close();
      await simulator.close();`,
    );
    const outdir = mkdtempSync(join(tmpdir(), 'wechatpay-bundle-'));
    outputs.push(outdir);
    await build({
      ...GUIDE,
      absWorkingDir: installed.dir,
      entryPoints: {
        simulate: './simulate.mjs',
        'wechatpay-ts-sync-worker': 'wechatpay-ts/sync-worker',
        'wechatpay-ts-simulator-worker': 'wechatpay-ts/simulator-worker',
      },
      outdir,
    });
    const stdout = await run(process.execPath, [join(outdir, 'simulate.js')], { cwd: outdir });
    expect(JSON.parse(stdout)).toEqual({ status: 200, out_order_no: 'BUNDLE-SIM', received: 1 });
  });
});
