/** Runs the simulator in a worker thread for `startSimulator({ worker: true })`. */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../errors/config-error.js';
import { buildNotification } from './build-notification.js';
import type { NotifyOptions } from './notify-types.js';
import type { ServeFileOptions } from './served-files.js';
import { startServer } from './server.js';
import type { WorkerError } from './start-simulator.js';
import { publicKeys, simulatorKeys } from './simulator-keys.js';
import type { PlatformOptions, SimulatorOptions } from './simulator-options.js';
import { runControl, Simulation, type ControlCall } from './simulation.js';

const port = parentPort;
if (!port) throw new ConfigError('worker', 'simulator-worker.js runs only as the worker thread of startSimulator({ worker: true })');
const options = workerData as SimulatorOptions;
const keys = simulatorKeys(options);
const simulation = new Simulation(keys, options);
const server = await startServer(simulation.engine, options.port, options.v2);
port.postMessage({ keys: publicKeys(keys), baseURL: server.baseURL, secureBaseURL: server.secureBaseURL });
/** Runs a change of platform keys here, where they live; an error goes back as data (errors do not cross threads whole). */
function change(run: () => void): unknown {
  try {
    run();
    return { platforms: publicKeys(keys).platforms };
  } catch (error) {
    return { error: asData(error) };
  }
}

function asData(error: unknown): WorkerError {
  const { name, message, code, field } = error as Error & { code?: string; field?: string };
  return { name, message, code, field };
}

port.on('message', async ({ id, type, args }: { id: number; type: string; args?: unknown }) => {
  if (type === 'rotate') port.postMessage({ id, reply: change(() => simulation.rotate(args as PlatformOptions)) });
  if (type === 'retire') port.postMessage({ id, reply: change(() => simulation.retire(args as string)) });
  if (type === 'received') port.postMessage({ id, reply: server.received });
  // The platform private key stays in this thread: only the signed callback goes back.
  if (type === 'notification' && args) {
    const { eventType, options } = args as { eventType: string; options: Omit<NotifyOptions, 'to'> };
    port.postMessage({ id, reply: buildNotification(eventType, simulation.signer, options) });
  }
  if (type === 'serveFile') {
    const { content, options } = args as { content: Uint8Array | string; options?: ServeFileOptions };
    try {
      port.postMessage({ id, reply: { served: await server.serveFile(content, options) } });
    } catch (error) {
      port.postMessage({ id, reply: { error: asData(error) } });
    }
  }
  // pay, settleRefund, orders, refunds, reset, faults: run here, where the ledger lives.
  if (type === 'control') port.postMessage({ id, reply: await runControl(simulation, args as ControlCall) });
  if (type === 'close') {
    simulation.close();
    await server.close();
    port.postMessage({ id, reply: 'closed' });
  }
});
