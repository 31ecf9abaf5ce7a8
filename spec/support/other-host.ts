import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';

/**
 * "Another host": a plain HTTP server on 127.0.0.1 in a worker thread (synchronous calls block this one) that only
 * counts. Every TCP connection and every request that reaches it is counted, and requests carrying an
 * `Authorization` header separately, in shared memory this thread reads even while a synchronous call blocks it.
 */
const SERVER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const counts = new Int32Array(workerData);
const server = createServer((request, response) => {
  Atomics.add(counts, 1, 1);
  if (request.headers.authorization !== undefined) Atomics.add(counts, 2, 1);
  response.end('{}');
});
server.on('connection', () => Atomics.add(counts, 0, 1));
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => parentPort.close()));
`;

export interface OtherHost {
  port: number;
  /** Connections, requests and signed requests received so far. */
  counts(): { connections: number; requests: number; signed: number };
}

export function otherHost(): OtherHost {
  const shared = new SharedArrayBuffer(12);
  const counts = new Int32Array(shared);
  const state = { port: 0 } as { port: number; worker: Worker };
  beforeAll(async () => {
    state.worker = new Worker(SERVER, { eval: true, workerData: shared });
    state.port = await new Promise<number>((resolve, reject) => {
      state.worker.once('message', resolve);
      state.worker.once('error', reject);
    });
  });
  afterAll(async () => {
    state.worker.postMessage('close');
    await new Promise((resolve) => state.worker.once('exit', resolve));
  });
  return {
    get port() {
      return state.port;
    },
    counts: () => ({ connections: Atomics.load(counts, 0), requests: Atomics.load(counts, 1), signed: Atomics.load(counts, 2) }),
  };
}
