import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { WechatpayResponse } from '../types/response.js';
import type { WechatpayRequest } from '../types/request.js';
import { TransportError } from '../errors/transport-error.js';
import { READY, SEQUENCE, type SyncReply } from './sync-protocol.js';
import { safeUrl } from '../utils/safe-url.js';
import { spawnWorker } from '../utils/spawn-worker.js';
import { workerFile } from '../utils/worker-file.js';
import { errorOf, toWire, type WireTls } from './wire.js';

/**
 * How long the caller waits beyond a call's timeout (worker start-up included) for the worker's own timeout
 * reply before giving up on the worker.
 */
const GRACE_MS = 1000;

interface Thread {
  worker: Worker;
  port: MessagePort;
  flags: Int32Array;
}

/**
 * Synchronous calls: the exchange runs in a worker thread the client reuses, while the caller waits with
 * `Atomics.wait`. The worker is unref'd (it never keeps the process alive); a worker that does not answer in
 * time is terminated and replaced, so a caller is never blocked for longer than the timeout plus a second.
 */
export class SyncTransport {
  #thread: Thread | undefined;
  #nextId = 0;
  readonly #tls: WireTls | undefined;

  /** `tls` goes to the worker once, when it starts; it builds its pools (and the mutual-TLS one) from it. */
  constructor(tls?: WireTls) {
    this.#tls = tls;
  }

  send(request: WechatpayRequest): WechatpayResponse {
    const what = `${request.method} ${safeUrl(request.url)}`;
    // What the call's deadline has left once the middleware ran: the worker's limit for the exchange. Starting the
    // worker (the first call) only eats into the grace, as the caller's wait includes it.
    const timeLeft = request.deadline?.remaining() ?? request.timeout;
    if (timeLeft <= 0) throw new TransportError('timeout', `${what} timed out after ${request.timeout} ms, before it was sent`);
    let deadline = performance.now() + timeLeft + GRACE_MS;
    const thread = this.#thread ?? this.#start(deadline, what);
    const id = ++this.#nextId;
    thread.port.postMessage({ id, request: { ...toWire(request), timeLeft } });
    for (;;) {
      const seen = Atomics.load(thread.flags, SEQUENCE);
      const reply = take(thread.port, id);
      if (reply?.response) {
        const { status, headers, body, download } = reply.response;
        return new WechatpayResponse(status, new Headers(headers), body, download);
      }
      if (reply?.alive) deadline = performance.now() + request.timeout + GRACE_MS;
      if (reply?.failure) throw errorOf(reply.failure);
      const left = deadline - performance.now();
      if (left <= 0) {
        void this.#stop();
        throw new TransportError('timeout', `${what} timed out after ${request.timeout} ms (the worker did not answer)`);
      }
      Atomics.wait(thread.flags, SEQUENCE, seen, left);
    }
  }

  async close(): Promise<void> {
    await this.#stop();
  }

  #start(deadline: number, what: string): Thread {
    // Outside the try: a missing worker file is the ConfigError that says where it belongs, not a network failure.
    const file = workerFile('sync');
    const { port1, port2 } = new MessageChannel();
    const state = new SharedArrayBuffer(8);
    const flags = new Int32Array(state);
    let worker: Worker;
    try {
      worker = spawnWorker(file, { workerData: { port: port2, state, ...(this.#tls && { tls: this.#tls }) }, transferList: [port2] });
    } catch (error) {
      throw new TransportError('internal', `${what} failed: the synchronous transport's worker could not start`, { cause: error });
    }
    worker.unref();
    // A worker that dies is replaced at the next call; its error must not crash the process.
    worker.on('error', () => this.#forget(worker));
    worker.on('exit', () => this.#forget(worker));
    if (Atomics.wait(flags, READY, 0, Math.max(0, deadline - performance.now())) === 'timed-out') {
      void worker.terminate();
      throw new TransportError('timeout', `${what} timed out: the synchronous transport's worker did not start in time`);
    }
    this.#thread = { worker, port: port1, flags };
    return this.#thread;
  }

  #forget(worker: Worker): void {
    if (this.#thread?.worker === worker) this.#thread = undefined;
  }

  async #stop(): Promise<void> {
    const thread = this.#thread;
    this.#thread = undefined;
    if (thread) {
      thread.port.close();
      await thread.worker.terminate();
    }
  }
}

/** Reads every waiting reply, dropping late ones from calls that already timed out. */
function take(port: MessagePort, id: number): SyncReply | undefined {
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
    const reply = message.message as SyncReply;
    if (reply.id === id) return reply;
  }
  return undefined;
}
