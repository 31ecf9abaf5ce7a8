/** Runs the simulator in a worker thread for `startSimulator({ worker: true })`. */
import { parentPort, workerData } from 'node:worker_threads';
import { startServer } from './server.js';
import { publicKeys, simulatorKeys } from './simulator-keys.js';
import type { SimulatorOptions } from './simulator-options.js';

const port = parentPort;
if (!port) throw new Error('simulator-worker.js runs as a worker thread');
const keys = simulatorKeys(workerData as SimulatorOptions);
const server = await startServer(keys, (workerData as SimulatorOptions).port);
port.postMessage({ keys: publicKeys(keys), baseURL: server.baseURL });
port.on('message', async ({ type }: { type: string }) => {
  if (type === 'received') port.postMessage(server.received);
  if (type === 'close') {
    await server.close();
    port.postMessage('closed');
  }
});
