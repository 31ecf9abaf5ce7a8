import { KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { ParameterError } from '../errors/parameter-error.js';
import { spawnWorker } from '../utils/spawn-worker.js';
import { buildNotification, checkNotifyOptions } from './build-notification.js';
import { deliverNotification } from './deliver-notification.js';
import type { NotifyOptions, SentNotification } from './notify-types.js';
import { startServer } from './server.js';
import { publicKeys, simulatorKeys, type PublicKeys } from './simulator-keys.js';
import type { ReceivedRequest, Simulator, SimulatorOptions } from './simulator-options.js';

/** Builds a signed callback where the platform private key is (this thread, or the worker's). */
type Build = (eventType: string, options: Omit<NotifyOptions, 'to'>) => Promise<SentNotification>;

/**
 * Starts the local WeChat Pay APIv3 simulator on 127.0.0.1. With `worker: true` it runs in a worker thread,
 * so that synchronous calls (which block this thread) can reach it.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  if (options.worker) return startInWorker(options);
  const keys = simulatorKeys(options);
  const server = await startServer(keys, options.port);
  const signer = { apiV3Key: loadSymmetricKey(keys.apiV3Key, 'apiV3Key'), platform: keys.platform };
  const build: Build = async (eventType, notify) => buildNotification(eventType, signer, notify);
  return describe(publicKeys(keys), server.baseURL, async () => server.received.slice(), server.close, build);
}

function describe(keys: PublicKeys, baseURL: string, received: () => Promise<ReceivedRequest[]>, close: () => Promise<void>, build: Build): Simulator {
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
    apiV3Key: keys.apiV3Key,
    async notify(eventType, options) {
      // Checked here, so that a mistake is the same ParameterError whichever thread builds the callback.
      if (options?.to === undefined) throw new ParameterError('to', 'is required: the URL to send the callback to');
      checkNotifyOptions(eventType, options);
      const { to, timeout, ...rest } = options;
      return deliverNotification(to, await build(eventType, rest), timeout);
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
  // Replies carry the id of their question, so that questions asked at once (notify() calls) get their own answers.
  const pending = new Map<number, { resolve: (reply: never) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  worker.on('message', ({ id, reply }: { id: number; reply: never }) => {
    pending.get(id)?.resolve(reply);
    pending.delete(id);
  });
  worker.on('error', (error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  });
  const ask = <T>(type: string, args?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (reply: never) => void, reject });
      worker.postMessage({ id, type, args });
    });
  const build: Build = (eventType, options) => ask<SentNotification>('notification', { eventType, options });
  return describe(started.keys, started.baseURL, () => ask<ReceivedRequest[]>('received'), async () => {
    if (closed) return;
    closed = true;
    await ask('close');
    await worker.terminate();
  }, build);
}

function toPem(key: unknown): unknown {
  if (!(key instanceof KeyObject)) return key;
  return key.type === 'private'
    ? key.export({ type: 'pkcs8', format: 'pem' })
    : key.export({ type: 'spki', format: 'pem' });
}
