/** Runs the simulator in a worker thread for `startSimulator({ worker: true })`. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { buildNotification } from './build-notification.js';
import type { NotifyOptions } from './notify-types.js';
import { startServer } from './server.js';
import { publicKeys, simulatorKeys } from './simulator-keys.js';
import type { SimulatorOptions } from './simulator-options.js';

const port = parentPort;
if (!port) throw new Error('simulator-worker.js runs as a worker thread');
const keys = simulatorKeys(workerData as SimulatorOptions);
const server = await startServer(keys, (workerData as SimulatorOptions).port);
const signer = { apiV3Key: loadSymmetricKey(keys.apiV3Key, 'apiV3Key'), platform: keys.platform };
port.postMessage({ keys: publicKeys(keys), baseURL: server.baseURL });
port.on('message', async ({ id, type, args }: { id: number; type: string; args?: { eventType: string; options: Omit<NotifyOptions, 'to'> } }) => {
  if (type === 'received') port.postMessage({ id, reply: server.received });
  // The platform private key stays in this thread: only the signed callback goes back.
  if (type === 'notification' && args) port.postMessage({ id, reply: buildNotification(args.eventType, signer, args.options) });
  if (type === 'close') {
    await server.close();
    port.postMessage({ id, reply: 'closed' });
  }
});
