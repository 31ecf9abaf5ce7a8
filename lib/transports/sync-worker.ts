/**
 * The thread behind synchronous calls: it runs each HTTP exchange with undici and wakes the blocked caller.
 * Signing, verification and user middleware stay in the caller's thread; only bytes cross over.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { Agent } from 'undici';
import { undiciExchange } from './undici-exchange.js';
import { connectOptions, failureOf, type WireRequest, type WireTls } from './wire.js';
import { READY, SEQUENCE, type SyncMessage, type SyncReply } from './sync-protocol.js';

const { port, state, tls } = workerData as { port: MessagePort; state: SharedArrayBuffer; tls?: WireTls };
const flags = new Int32Array(state);
const agent = new Agent({ connect: connectOptions(tls, false) });
// The mutual-TLS pool, built here from the material handed over once at start, for `security: true` calls.
let mutual: Agent | undefined;

port.on('message', async ({ id, request }: SyncMessage) => {
  let reply: SyncReply;
  try {
    const response = await undiciExchange(request as WireRequest, request.security ? (mutual ??= new Agent({ connect: connectOptions(tls, true) })) : agent);
    reply = { id, response };
  } catch (error) {
    reply = { id, failure: failureOf(error) };
  }
  port.postMessage(reply, reply.response ? [reply.response.body.buffer as ArrayBuffer] : []);
  Atomics.add(flags, SEQUENCE, 1);
  Atomics.notify(flags, SEQUENCE);
});

Atomics.store(flags, READY, 1);
Atomics.notify(flags, READY);
