/**
 * The thread behind synchronous calls: it runs each HTTP exchange with undici and wakes the blocked caller.
 * Signing, verification and user middleware stay in the caller's thread; only bytes cross over. One such thread
 * serves every client of the thread that started it, each with its own pools.
 */
import { workerData } from 'node:worker_threads';
import { Pools } from './pools.js';
import { headerPairs, undiciAnswer, type UndiciAnswer } from './undici-exchange.js';
import { failureOf, type WireRequest } from './wire.js';
import {
  ANSWER,
  BODY_BYTES,
  EXITED,
  HEADER_BYTES,
  READY,
  SEPARATOR,
  SEQUENCE,
  STATUS,
  type SharedCall,
  type SyncCall,
  type SyncMessage,
  type SyncReply,
  type SyncWorkerData,
} from './sync-protocol.js';

// An entry point of the package (for bundles), so someone may import it by mistake: say what it is.
if (!(workerData as { port?: unknown } | null)?.port) throw new Error('sync-worker.js runs as the worker thread of synchronous calls');
const { port, state, shared: buffer } = workerData as SyncWorkerData;
const flags = new Int32Array(state);
/** The buffer shared with the caller, read and written through a Buffer (its string methods need no extra copy). */
const shared = Buffer.from(buffer);
/** Each client's pools, by the number its transport gave them. */
const clients = new Map<number, Pools>();

port.on('message', (message: SyncMessage) => {
  if (Array.isArray(message)) void exchange(message);
  else if ('open' in message) clients.set(message.open, new Pools(message.pools));
  else if ('close' in message) {
    const pools = clients.get(message.close);
    clients.delete(message.close);
    void pools?.close();
  } else void exchange(message);
});

async function exchange(call: SyncCall | SharedCall): Promise<void> {
  const id = Array.isArray(call) ? call[0] : call.id;
  let reply: SyncReply;
  try {
    // Read before the first await: the caller reuses the shared buffer once it has the answer.
    const { pools, request } = Array.isArray(call) ? sharedRequest(call) : call;
    const dispatcher = clients.get(pools)?.get(request.security === true);
    if (!dispatcher) throw new Error(`no pools registered under ${pools}`);
    const got = await undiciAnswer(request, dispatcher, undefined, request.download ? { onProgress: heartbeat(id, request.timeout) } : {});
    if (!got.download && share(id, got)) return signal();
    reply = { id, response: { ...got, headers: headerPairs(got.headers) } };
  } catch (error) {
    reply = { id, failure: failureOf(error) };
  }
  wake(reply, reply.response ? [reply.response.body.buffer as ArrayBuffer] : []);
}

/** A request the caller wrote into the shared buffer, copied out before anything else can reuse the buffer. */
function sharedRequest([id, pools, textBytes, bodyBytes, timeout, timeLeft, maxResponseBytes, security]: SharedCall): SyncCall {
  const [method = '', origin = '', path = '', ...pairs] = shared.toString('latin1', 0, textBytes).split(SEPARATOR);
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) headers[pairs[i] as string] = pairs[i + 1] as string;
  // A copy of its own (Buffer's slice would be a view into the shared buffer).
  const body = bodyBytes < 0 ? undefined : Uint8Array.prototype.slice.call(shared, textBytes, textBytes + bodyBytes);
  const request: WireRequest = { method, origin, path, headers, body, timeout, timeLeft, maxResponseBytes };
  if (security === 1) request.security = true;
  return { id, pools, request };
}

/**
 * Writes an answer into the shared buffer, when it fits (headers as one text, then the body), and names its call
 * last: the caller reads it only once ANSWER holds its own call's id. Calls are one at a time per worker (its caller
 * waits), and a caller that gives up stops the worker, so no answer is written over one still being read.
 */
function share(id: number, got: UndiciAnswer): boolean {
  let text = '';
  for (const name in got.headers) {
    const value = got.headers[name];
    if (value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value) {
      if (item.includes(SEPARATOR)) return false;
      text += text === '' ? `${name}${SEPARATOR}${item}` : `${SEPARATOR}${name}${SEPARATOR}${item}`;
    }
  }
  const headerBytes = Buffer.byteLength(text);
  const { body } = got;
  if (headerBytes + body.byteLength > shared.byteLength) return false;
  shared.write(text, 0, 'utf8');
  shared.set(body, headerBytes);
  Atomics.store(flags, STATUS, got.status);
  Atomics.store(flags, HEADER_BYTES, headerBytes);
  Atomics.store(flags, BODY_BYTES, body.byteLength);
  Atomics.store(flags, ANSWER, id);
  return true;
}

/** Tells the blocked caller, now and then, that a long download is still moving. */
function heartbeat(id: number, timeout: number): () => void {
  const every = Math.min(1000, timeout / 2);
  let last = performance.now();
  return () => {
    if (performance.now() - last < every) return;
    last = performance.now();
    wake({ id, alive: true });
  };
}

function wake(reply: SyncReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(reply, transfer);
  signal();
}

function signal(): void {
  Atomics.add(flags, SEQUENCE, 1);
  Atomics.notify(flags, SEQUENCE);
}

// A thread that ends (process.exit in it, an uncaught error) says so: its caller need not wait out the deadline.
process.on('exit', () => {
  Atomics.store(flags, EXITED, 1);
  Atomics.notify(flags, SEQUENCE);
});

Atomics.store(flags, READY, 1);
Atomics.notify(flags, READY);
