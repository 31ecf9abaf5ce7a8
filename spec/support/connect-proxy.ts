import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';

/**
 * A forward proxy on 127.0.0.1 in a worker thread (synchronous calls block this one). It tunnels CONNECT requests
 * and relays absolute-form requests (`GET http://host/path`), to 127.0.0.1 only, and counts both in shared memory
 * that this thread reads even while a synchronous call blocks it. With `auth`, it answers 407 to a request whose
 * `Proxy-Authorization` is not exactly that value.
 */
const PROXY = `
const { createServer, request } = require('node:http');
const { connect } = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const counts = new Int32Array(workerData.shared);
const { auth } = workerData;
const sockets = new Set();
const track = (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); socket.on('error', () => socket.destroy()); };
const allowed = (headers) => auth === undefined || headers['proxy-authorization'] === auth;
const server = createServer((incoming, outgoing) => {
  Atomics.add(counts, 1, 1);
  parentPort.postMessage({ method: incoming.method, target: incoming.url, authorization: incoming.headers['proxy-authorization'] ?? null });
  const url = new URL(incoming.url);
  if (!allowed(incoming.headers)) return outgoing.writeHead(407, { 'Proxy-Authenticate': 'Basic' }).end();
  if (url.hostname !== '127.0.0.1') return outgoing.writeHead(403).end();
  const headers = { ...incoming.headers };
  delete headers['proxy-authorization'];
  delete headers['proxy-connection'];
  const upstream = request({ host: '127.0.0.1', port: url.port, path: url.pathname + url.search, method: incoming.method, headers }, (answer) => {
    outgoing.writeHead(answer.statusCode, answer.headers);
    answer.pipe(outgoing);
  });
  upstream.on('error', () => outgoing.writeHead(502).end());
  incoming.pipe(upstream);
});
server.on('connection', track);
server.on('connect', (incoming, socket, head) => {
  Atomics.add(counts, 0, 1);
  parentPort.postMessage({ method: 'CONNECT', target: incoming.url, authorization: incoming.headers['proxy-authorization'] ?? null });
  const refuse = (status) => socket.end('HTTP/1.1 ' + status + '\\r\\nProxy-Authenticate: Basic\\r\\nContent-Length: 0\\r\\n\\r\\n');
  if (!allowed(incoming.headers)) return refuse('407 Proxy Authentication Required');
  const [host, port] = [incoming.url.slice(0, incoming.url.lastIndexOf(':')), incoming.url.slice(incoming.url.lastIndexOf(':') + 1)];
  if (host !== '127.0.0.1') return refuse('403 Forbidden');
  const upstream = connect(Number(port), host, () => {
    socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  track(upstream);
  upstream.on('close', () => socket.destroy());
  socket.on('close', () => upstream.destroy());
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', () => {
  for (const socket of sockets) socket.destroy();
  server.close(() => parentPort.close());
});
`;

/** What the proxy was asked: `CONNECT 127.0.0.1:PORT`, or an absolute-form request's method and URL. */
export interface ProxiedRequest {
  method: string;
  target: string;
  authorization: string | null;
}

export interface ConnectProxy {
  readonly port: number;
  readonly url: string;
  /** CONNECT tunnels and absolute-form requests so far (tunnels count once, however many calls they carry). */
  counts(): { tunnels: number; relayed: number };
  /** Every request the proxy got so far, in order (reported by message: await it after a synchronous call). */
  requests(): Promise<ProxiedRequest[]>;
}

export function connectProxy(options: { auth?: string } = {}): ConnectProxy {
  const shared = new SharedArrayBuffer(8);
  const counts = new Int32Array(shared);
  const seen: ProxiedRequest[] = [];
  const state = { port: 0 } as { port: number; worker: Worker };
  beforeAll(async () => {
    state.worker = new Worker(PROXY, { eval: true, workerData: { shared, ...(options.auth !== undefined && { auth: options.auth }) } });
    state.port = await new Promise<number>((resolve, reject) => {
      state.worker.on('message', (message: { port?: number } & ProxiedRequest) => {
        if (message.port !== undefined) resolve(message.port);
        else seen.push(message);
      });
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
    get url() {
      return `http://127.0.0.1:${state.port}`;
    },
    counts: () => ({ tunnels: Atomics.load(counts, 0), relayed: Atomics.load(counts, 1) }),
    async requests() {
      // The messages of requests made while this thread was blocked arrive on its next turns.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return [...seen];
    },
  };
}
