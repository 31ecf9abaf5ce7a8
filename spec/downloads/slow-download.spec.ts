import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Builder } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';

/**
 * A file server in another thread (a synchronous call blocks this one) that trickles a bill: 12 chunks, 150 ms
 * apart, 1.8 s in all. The file endpoint answers unsigned, so it needs no keys.
 */
const TRICKLE = `
  const { createServer } = require('node:http');
  const { parentPort } = require('node:worker_threads');
  const server = createServer(async (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    if (req.url.includes('stall')) {
      res.write('\`2026-11-26,\`0\\r\\n');
      setTimeout(() => res.end(), 5000).unref();
      return;
    }
    for (let i = 0; i < 12; i += 1) {
      res.write('\`2026-11-26,\`' + i + '\\r\\n');
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    res.end();
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
  parentPort.on('message', () => server.close(() => process.exit(0)));
`;
const expected = Array.from({ length: 12 }, (_, i) => `\`2026-11-26,\`${i}\r\n`).join('');

let worker: Worker;
let port: number;
let simulator: Simulator;

beforeAll(async () => {
  worker = new Worker(TRICKLE, { eval: true });
  [port] = (await once(worker, 'message')) as [number];
  // Only for a valid client configuration (its keys); the calls go to the trickling server.
  simulator = await startSimulator();
});

afterAll(async () => {
  worker.postMessage('close');
  await once(worker, 'exit');
  await simulator.close();
});

describe('a slow download', () => {
  it('is not cut off by a timeout shorter than the transfer, in a synchronous call', () => {
    const instance = Builder.factory({ ...simulator.config, baseURL: `http://127.0.0.1:${port}/` });
    const to = join(mkdtempSync(join(tmpdir(), 'slow-')), 'bill.csv');
    // 400 ms bounds the wait for the answer and each pause; the whole transfer takes 1.8 s, more than 400 ms plus
    // the synchronous transport's 1 s grace, so only the worker's progress reports keep the caller waiting.
    const result = instance.v3.billdownload.file.get({ query: { token: 't' }, timeout: 400, download: { to } }).download;
    expect(readFileSync(to, 'utf8')).toBe(expected);
    expect(result?.digest).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('is not cut off in an asynchronous call either', async () => {
    const instance = Builder.factory({ ...simulator.config, baseURL: `http://127.0.0.1:${port}/` });
    const to = join(mkdtempSync(join(tmpdir(), 'slow-')), 'bill.csv');
    await instance.getDriver().download(`http://127.0.0.1:${port}/v3/billdownload/file?token=t`, { to, timeout: 400 });
    expect(readFileSync(to, 'utf8')).toBe(expected);
    await instance.getDriver().close();
  });

  it('still times out when the file stops coming', async () => {
    const instance = Builder.factory({ ...simulator.config, baseURL: `http://127.0.0.1:${port}/` });
    const to = join(mkdtempSync(join(tmpdir(), 'slow-')), 'bill.csv');
    // The stalled file pauses for 5 s after its first line; undici checks pauses at a 1 s resolution.
    const started = performance.now();
    const error = await instance
      .getDriver()
      .download(`http://127.0.0.1:${port}/v3/billdownload/file?token=stall`, { to, timeout: 300 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'TransportError' });
    expect(performance.now() - started).toBeLessThan(4000);
    await instance.getDriver().close();
  });
});
