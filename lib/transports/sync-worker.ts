/**
 * The thread behind synchronous calls: it runs each HTTP exchange with undici and wakes the blocked caller.
 * Signing, verification and user middleware stay in the caller's thread; only bytes cross over.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { Agent } from 'undici';
import { undiciExchange } from './undici-exchange.js';
import { connectOptions, failureOf, type WireRequest, type WireTls } from './wire.js';
import { READY, SEQUENCE, type SyncMessage, type SyncReply } from './sync-protocol.js';

// An entry point of the package (for bundles), so someone may import it by mistake: say what it is.
if (!(workerData as { port?: unknown } | null)?.port) throw new Error('sync-worker.js runs as the worker thread of synchronous calls');
const { port, state, tls } = workerData as { port: MessagePort; state: SharedArrayBuffer; tls?: WireTls };
const flags = new Int32Array(state);
const agent = new Agent({ connect: connectOptions(tls, false) });
// The mutual-TLS pool, built here from the material handed over once at start, for `security: true` calls.
let mutual: Agent | undefined;

port.on('message', async ({ id, request }: SyncMessage) => {
  let reply: SyncReply;
  try {
    const dispatcher = request.security ? (mutual ??= new Agent({ connect: connectOptions(tls, true) })) : agent;
    const response = await undiciExchange(
      request as WireRequest,
      dispatcher,
      undefined,
      request.download ? { onProgress: heartbeat(id, request.timeout) } : {},
    );
    reply = { id, response };
  } catch (error) {
    reply = { id, failure: failureOf(error) };
  }
  wake(reply, reply.response ? [reply.response.body.buffer as ArrayBuffer] : []);
});

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

Atomics.store(flags, READY, 1);
Atomics.notify(flags, READY);
