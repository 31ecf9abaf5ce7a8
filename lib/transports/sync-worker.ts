/**
 * The thread behind synchronous calls: it runs each HTTP exchange with undici and wakes the blocked caller.
 * Signing, verification and user middleware stay in the caller's thread; only bytes cross over. One such thread
 * serves every client of the thread that started it, each with its own pools.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { Pools } from './pools.js';
import { undiciExchange } from './undici-exchange.js';
import { failureOf } from './wire.js';
import { EXITED, READY, SEQUENCE, type SyncCall, type SyncMessage, type SyncReply } from './sync-protocol.js';

// An entry point of the package (for bundles), so someone may import it by mistake: say what it is.
if (!(workerData as { port?: unknown } | null)?.port) throw new Error('sync-worker.js runs as the worker thread of synchronous calls');
const { port, state } = workerData as { port: MessagePort; state: SharedArrayBuffer };
const flags = new Int32Array(state);
/** Each client's pools, by the number its transport gave them. */
const clients = new Map<number, Pools>();

port.on('message', (message: SyncMessage) => {
  if ('open' in message) clients.set(message.open, new Pools(message.pools));
  else if ('close' in message) {
    const pools = clients.get(message.close);
    clients.delete(message.close);
    void pools?.close();
  } else void exchange(message);
});

async function exchange({ id, pools, request }: SyncCall): Promise<void> {
  let reply: SyncReply;
  try {
    const dispatcher = clients.get(pools)?.get(request.security === true);
    if (!dispatcher) throw new Error(`no pools registered under ${pools}`);
    const response = await undiciExchange(request, dispatcher, undefined, request.download ? { onProgress: heartbeat(id, request.timeout) } : {});
    reply = { id, response };
  } catch (error) {
    reply = { id, failure: failureOf(error) };
  }
  wake(reply, reply.response ? [reply.response.body.buffer as ArrayBuffer] : []);
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
