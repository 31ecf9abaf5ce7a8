import type { MessagePort, Worker } from 'node:worker_threads';
import { WechatpayResponse } from '../types/response.js';
import type { WechatpayRequest } from '../types/request.js';
import { TransportError } from '../errors/transport-error.js';
import {
  ANSWER,
  BODY_BYTES,
  EXITED,
  HEADER_BYTES,
  READY,
  SEPARATOR,
  SEQUENCE,
  SHARED_BYTES,
  SLOTS,
  STATUS,
  type SharedCall,
  type SyncMessage,
  type SyncReply,
  type SyncWorkerData,
} from './sync-protocol.js';
import { safeUrl } from '../utils/safe-url.js';
import { spawnWorker } from '../utils/spawn-worker.js';
import { workerFile } from '../utils/worker-file.js';
import { workerThreads } from '../utils/worker-threads.js';
import { errorOf, toWire, type WirePools } from './wire.js';

/**
 * How long the caller waits beyond a call's timeout (worker start-up included) for the worker's own timeout
 * reply before giving up on the worker.
 */
const GRACE_MS = 1000;

/** The worker thread of this thread's synchronous calls, and the clients whose pools it holds. */
interface Thread {
  worker: Worker;
  port: MessagePort;
  flags: Int32Array;
  /** The buffer shared with the worker (see SHARED_BYTES). */
  shared: Buffer;
  registered: Set<number>;
}

// Module state is per thread (per realm): each thread that makes synchronous calls has its own worker, and only
// one caller of a thread can ever be waiting, since waiting blocks the thread.
let shared: Thread | undefined;
let lastCall = 0;
let lastPools = 0;
/** A client dropped without `close()` still frees its pools in the worker, once it is garbage-collected. */
const dropped = new FinalizationRegistry<number>((id) => void release(id));

/**
 * Synchronous calls: the exchange runs in a worker thread while the caller waits with `Atomics.wait`. Every
 * client of a thread shares one worker, started at the first synchronous call; each client's pools (TLS material,
 * proxy) are described to it once, and built there. The worker is unref'd (it never keeps the process alive); a
 * worker that does not answer in time is terminated and replaced, so a caller is never blocked for longer than
 * the timeout plus a second, and each client describes its pools again to the new one.
 */
export class SyncTransport {
  readonly #pools: WirePools;
  /** This client's pools in the worker. */
  readonly #id = ++lastPools;

  constructor(pools: WirePools = {}) {
    this.#pools = pools;
    dropped.register(this, this.#id);
  }

  send(request: WechatpayRequest): WechatpayResponse {
    // Only a failure names the call: its URL is made safe for the message then, not on every call.
    const what = () => `${request.method} ${safeUrl(request.url)}`;
    // What the call's deadline has left once the middleware ran: the worker's limit for the exchange.
    const remaining = () => request.deadline?.remaining() ?? request.timeout;
    const early = () => new TransportError('timeout', `${what()} timed out after ${request.timeout} ms, before it was sent`);
    if (remaining() <= 0) throw early();
    // A worker that ended between calls (its exit event not seen yet: this thread may not have idled since).
    if (shared && Atomics.load(shared.flags, EXITED) === 1) void stop(shared);
    const thread = shared ?? start(performance.now() + remaining() + GRACE_MS, what);
    // Measured after the worker started: its start-up (the first call's) comes out of the call's time, not on top.
    const timeLeft = remaining();
    if (timeLeft <= 0) throw early();
    let deadline = performance.now() + timeLeft + GRACE_MS;
    if (!thread.registered.has(this.#id)) {
      post(thread, { open: this.#id, pools: this.#pools });
      thread.registered.add(this.#id);
    }
    // Between 1 and 2^31 - 1, as the shared Int32Array slot ANSWER holds it (0 there means no answer yet).
    const id = (lastCall = (lastCall % 0x7fffffff) + 1);
    post(thread, shareRequest(thread.shared, request, id, this.#id, timeLeft) ?? { id, pools: this.#id, request: { ...toWire(request), timeLeft } });
    for (;;) {
      const seen = Atomics.load(thread.flags, SEQUENCE);
      if (Atomics.load(thread.flags, ANSWER) === id) return sharedAnswer(thread);
      const reply = take(thread.port, id);
      if (reply?.response) {
        const { status, headers, body, download } = reply.response;
        return new WechatpayResponse(status, new Headers(headers), body, download);
      }
      if (reply?.alive) deadline = performance.now() + request.timeout + GRACE_MS;
      if (reply?.failure) throw errorOf(reply.failure);
      if (Atomics.load(thread.flags, EXITED) === 1) {
        void stop(thread);
        throw new TransportError(
          'internal',
          `${what()} failed: the synchronous transport's worker ended during the call (the request may or may not have been sent); the next call starts a new one`,
        );
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        void stop(thread);
        throw new TransportError('timeout', `${what()} timed out after ${request.timeout} ms (the worker did not answer)`);
      }
      Atomics.wait(thread.flags, SEQUENCE, seen, left);
    }
  }

  /**
   * Frees this client's pools in the worker; the worker itself stops once no client of this thread holds pools
   * there. Other clients' calls go on.
   */
  close(): Promise<void> {
    return release(this.#id);
  }
}

/** Frees a client's pools in the worker, and stops the worker when no client holds pools there any more. */
async function release(id: number): Promise<void> {
  const thread = shared;
  if (!thread?.registered.delete(id)) return;
  if (thread.registered.size === 0) await stop(thread);
  else post(thread, { close: id });
}

function post(thread: Thread, message: SyncMessage): void {
  thread.port.postMessage(message);
}

function start(deadline: number, what: () => string): Thread {
  // Outside the try: a missing worker file is the ConfigError that says where it belongs, not a network failure.
  const file = workerFile('sync');
  const { port1, port2 } = new (workerThreads().MessageChannel)();
  const state = new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const flags = new Int32Array(state);
  const buffer = new SharedArrayBuffer(SHARED_BYTES);
  const workerData: SyncWorkerData = { port: port2, state, shared: buffer };
  let worker: Worker;
  try {
    worker = spawnWorker(file, { workerData, transferList: [port2] });
  } catch (error) {
    throw new TransportError('internal', `${what()} failed: the synchronous transport's worker could not start`, { cause: error });
  }
  worker.unref();
  const thread: Thread = { worker, port: port1, flags, shared: Buffer.from(buffer), registered: new Set() };
  // A worker that dies is replaced at the next call; its error must not crash the process.
  worker.on('error', () => forget(thread));
  worker.on('exit', () => forget(thread));
  if (Atomics.wait(flags, READY, 0, Math.max(0, deadline - performance.now())) === 'timed-out') {
    void worker.terminate();
    throw new TransportError('timeout', `${what()} timed out: the synchronous transport's worker did not start in time`);
  }
  shared = thread;
  return thread;
}

function forget(thread: Thread): void {
  if (shared === thread) shared = undefined;
}

async function stop(thread: Thread): Promise<void> {
  forget(thread);
  thread.port.close();
  await thread.worker.terminate();
}

/**
 * Writes an ordinary request into the shared buffer and gives the short message that announces it, or undefined
 * when it must go as a message of its own (an upload, a download, more bytes than the buffer holds).
 */
function shareRequest(shared: Buffer, request: WechatpayRequest, id: number, pools: number, timeLeft: number): SharedCall | undefined {
  if (request.multipart || request.download) return undefined;
  const { url, body } = request;
  let text = `${request.method}${SEPARATOR}${url.origin}${SEPARATOR}${url.pathname}${url.search}`;
  for (const [name, value] of request.headers) text += `${SEPARATOR}${name}${SEPARATOR}${value}`;
  // One byte a character: a method, a URL's origin and path are ASCII, and header values are byte strings (`Headers`
  // refuses any character above U+00FF).
  const textBytes = text.length;
  const bodyBytes = body ? body.byteLength : -1;
  if (textBytes + Math.max(0, bodyBytes) > shared.byteLength) return undefined;
  shared.write(text, 0, 'latin1');
  if (body) shared.set(body, textBytes);
  return [id, pools, textBytes, bodyBytes, request.timeout, timeLeft, request.maxResponseBytes, request.security ? 1 : 0];
}

/** The answer the worker left in the shared buffer: its header text and a copy of its body (the buffer is reused). */
function sharedAnswer(thread: Thread): WechatpayResponse {
  const { flags, shared: answer } = thread;
  const headerBytes = Atomics.load(flags, HEADER_BYTES);
  const bodyBytes = Atomics.load(flags, BODY_BYTES);
  const headers = new Headers();
  if (headerBytes > 0) {
    const parts = answer.toString('utf8', 0, headerBytes).split(SEPARATOR);
    for (let i = 0; i + 1 < parts.length; i += 2) headers.append(parts[i] as string, parts[i + 1] as string);
  }
  const body = new Uint8Array(bodyBytes);
  body.set(answer.subarray(headerBytes, headerBytes + bodyBytes));
  return new WechatpayResponse(Atomics.load(flags, STATUS), headers, body, undefined);
}

/** Reads every waiting reply, dropping late ones from calls that already timed out. */
function take(port: MessagePort, id: number): SyncReply | undefined {
  const { receiveMessageOnPort } = workerThreads();
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
    const reply = message.message as SyncReply;
    if (reply.id === id) return reply;
  }
  return undefined;
}
