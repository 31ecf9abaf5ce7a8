import { KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { spawnWorker } from '../utils/spawn-worker.js';
import { startServer } from './server.js';
import { publicKeys, simulatorKeys, type PublicKeys } from './simulator-keys.js';
import type { ReceivedRequest, Simulator, SimulatorOptions } from './simulator-options.js';

/**
 * Starts the local WeChat Pay APIv3 simulator on 127.0.0.1. With `worker: true` it runs in a worker thread,
 * so that synchronous calls (which block this thread) can reach it.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  if (options.worker) return startInWorker(options);
  const keys = simulatorKeys(options);
  const server = await startServer(keys, options.port);
  return describe(publicKeys(keys), server.baseURL, async () => server.received.slice(), server.close);
}

function describe(keys: PublicKeys, baseURL: string, received: () => Promise<ReceivedRequest[]>, close: () => Promise<void>): Simulator {
  const merchant = { serial: keys.merchant.serial, privateKey: keys.merchant.privateKeyPem };
  const platform = { serial: keys.platform.serial, publicKey: keys.platform.publicKeyPem };
  return {
    baseURL,
    mchid: keys.mchid,
    merchant,
    platform,
    get config() {
      if (!merchant.privateKey) throw new Error('the simulator was given the merchant key; build the config with your private key');
      return { mchid: keys.mchid, serial: merchant.serial, privateKey: merchant.privateKey, certs: { [platform.serial]: platform.publicKey }, baseURL };
    },
    received,
    close,
  };
}

async function startInWorker(options: SimulatorOptions): Promise<Simulator> {
  // Keys cross the thread boundary as PEM text.
  const portable = {
    ...options,
    worker: false,
    merchant: options.merchant && { serial: options.merchant.serial, publicKey: toPem(options.merchant.publicKey) },
    platform: options.platform && { serial: options.platform.serial, privateKey: toPem(options.platform.privateKey) },
  };
  const worker = spawnWorker(new URL('./simulator-worker.js', import.meta.url), { workerData: portable });
  const [started] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([error]) => Promise.reject(error))])) as [
    { keys: PublicKeys; baseURL: string },
  ];
  let closed = false;
  const ask = async <T>(type: string): Promise<T> => {
    worker.postMessage({ type });
    const [reply] = (await once(worker, 'message')) as [T];
    return reply;
  };
  return describe(started.keys, started.baseURL, () => ask<ReceivedRequest[]>('received'), async () => {
    if (closed) return;
    closed = true;
    await ask('close');
    await worker.terminate();
  });
}

function toPem(key: unknown): unknown {
  if (!(key instanceof KeyObject)) return key;
  return key.type === 'private'
    ? key.export({ type: 'pkcs8', format: 'pem' })
    : key.export({ type: 'spki', format: 'pem' });
}
