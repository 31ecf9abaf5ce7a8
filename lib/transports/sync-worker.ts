/**
 * The thread behind synchronous calls: it runs each HTTP exchange with undici and wakes the blocked caller.
 * Signing, verification and user middleware stay in the caller's thread; only bytes cross over.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { Agent } from 'undici';
import { undiciExchange } from './undici-exchange.js';
import { failureOf, type WireRequest } from './wire.js';
import { READY, SEQUENCE, type SyncMessage, type SyncReply } from './sync-protocol.js';

const { port, state } = workerData as { port: MessagePort; state: SharedArrayBuffer };
const flags = new Int32Array(state);
const agent = new Agent();

port.on('message', async ({ id, request }: SyncMessage) => {
  let reply: SyncReply;
  try {
    const response = await undiciExchange(request as WireRequest, agent);
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
