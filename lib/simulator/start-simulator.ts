import { KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { spawnWorker } from '../utils/spawn-worker.js';
import { workerFile } from '../utils/worker-file.js';
import { buildNotification, checkNotifyOptions } from './build-notification.js';
import { checkSimulatorOptions } from './check-simulator-options.js';
import { deliverNotification } from './deliver-notification.js';
import type { NotifyOptions, SentNotification } from './notify-types.js';
import { startServer } from './server.js';
import { publicKeys, simulatorKeys, type PublicKeys } from './simulator-keys.js';
import type { ServedFile, ServeFileOptions } from './served-files.js';
import type { PlatformOptions, ReceivedRequest, Simulator, SimulatorOptions } from './simulator-options.js';
import { controlError, ledgerControls, runControl, Simulation, type ControlCall } from './simulation.js';

/** Runs a control call (pay, orders, faults…) where the simulation lives. */
type Control = <T>(call: ControlCall) => Promise<T>;

/** Builds a signed callback where the platform private key is (this thread, or the worker's). */
type Build = (eventType: string, options: Omit<NotifyOptions, 'to'>) => Promise<SentNotification>;
/** Registers a download where the server runs (this thread, or the worker). */
type Serve = (content: Uint8Array | string, options?: ServeFileOptions) => Promise<ServedFile>;

/**
 * Starts the local WeChat Pay APIv3 simulator on 127.0.0.1. With `worker: true` it runs in a worker thread,
 * so that synchronous calls (which block this thread) can reach it.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  checkSimulatorOptions(options);
  // Checked here, so that a mistake is the same ParameterError whichever thread runs the simulator.
  if (options.seed !== undefined && typeof options.seed !== 'string') throw new ParameterError('seed', 'must be a string');
  const { timeScale } = options;
  if (timeScale !== undefined && !(typeof timeScale === 'number' && timeScale >= 0 && Number.isFinite(timeScale))) {
    throw new ParameterError('timeScale', 'must be a number, 0 or more (1 is real time)');
  }
  if (options.worker) return startInWorker(options);
  const keys = simulatorKeys(options);
  const simulation = new Simulation(keys, options);
  const server = await startServer(simulation.engine, options.port, options.v2);
  const control: Control = async <T>(call: ControlCall) => {
    const got = await runControl(simulation, call);
    if ('error' in got) throw controlError(got.error);
    return got.value as T;
  };
  const close = async () => {
    simulation.close();
    await server.close();
  };
  const build: Build = async (eventType, notify) => buildNotification(eventType, simulation.signer, notify);
  const platforms: Platforms = {
    rotate: async (platform) => {
      // Callbacks are signed with the key in service, like answers.
      simulation.rotate(platform);
      return publicKeys(keys).platforms;
    },
    retire: async (serial) => {
      simulation.retire(serial);
      return publicKeys(keys).platforms;
    },
  };
  return describe(
    publicKeys(keys),
    server.baseURL,
    server.secureBaseURL,
    async () => server.received.slice(),
    close,
    build,
    platforms,
    (content, serve) => server.serveFile(content, serve),
    control,
  );
}

/** Changes the platform keys where they live; answers what is then in service (the signer last). */
interface Platforms {
  rotate(platform: PlatformOptions): Promise<PublicKeys['platforms']>;
  retire(serial: string): Promise<PublicKeys['platforms']>;
}

function describe(
  keys: PublicKeys,
  baseURL: string,
  secureBaseURL: string | undefined,
  received: () => Promise<ReceivedRequest[]>,
  close: () => Promise<void>,
  build: Build,
  platforms: Platforms,
  serveFile: Serve,
  control: Control,
): Simulator {
  const merchant = { serial: keys.merchant.serial, privateKey: keys.merchant.privateKeyPem };
  let inService = keys.platforms;
  return {
    baseURL,
    secureBaseURL,
    mchid: keys.mchid,
    merchant,
    get platform() {
      const current = inService[inService.length - 1] as PublicKeys['platforms'][number];
      return { serial: current.serial, publicKey: current.publicKeyPem };
    },
    get config() {
      if (!merchant.privateKey)
        throw new ConfigError(
          'merchant',
          'was given to the simulator as a public key only, so it has no config to hand out: build the client config with your own private key',
        );
      const certs = Object.fromEntries(inService.map((key) => [key.serial, key.certificate ?? key.publicKeyPem]));
      return { mchid: keys.mchid, serial: merchant.serial, privateKey: merchant.privateKey, certs, baseURL, proxy: false as const };
    },
    async rotate(platform) {
      inService = await platforms.rotate(portablePlatform(platform));
    },
    async retire(serial) {
      inService = await platforms.retire(serial);
    },
    apiV3Key: keys.apiV3Key,
    async notify(eventType, options) {
      // Checked here, so that a mistake is the same ParameterError whichever thread builds the callback.
      if (options?.to === undefined) throw new ParameterError('to', 'is required: the URL to send the callback to');
      checkNotifyOptions(eventType, options);
      const { to, timeout, ...rest } = options;
      return deliverNotification(to, await build(eventType, rest), timeout);
    },
    async serveFile(content, options) {
      // Checked here, so that a mistake is the same ParameterError whichever thread serves the file.
      if (!(content instanceof Uint8Array) && (typeof content !== 'string' || content === '')) {
        throw new ParameterError('content', 'expected the file content as bytes (a Uint8Array) or a file path');
      }
      return serveFile(content, options && { gzip: options.gzip === true });
    },
    received,
    ...ledgerControls(control),
    close,
  };
}

async function startInWorker(options: SimulatorOptions): Promise<Simulator> {
  // Keys cross the thread boundary as PEM text.
  const portable = {
    ...options,
    worker: false,
    merchant: options.merchant && { serial: options.merchant.serial, publicKey: toPem(options.merchant.publicKey) },
    platform: options.platform && portablePlatform(options.platform),
  };
  const worker = spawnWorker(workerFile('simulator'), { workerData: portable });
  // once() rejects when the worker fails to start (a key that cannot be loaded); its error arrives as a copy,
  // rebuilt here as the class it was.
  const [started] = (await once(worker, 'message').catch((error: unknown) =>
    Promise.reject(rebuilt(error as WorkerError, 'options', ConfigError)),
  )) as [{ keys: PublicKeys; baseURL: string; secureBaseURL: string | undefined }];
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
  const platforms: Platforms = {
    rotate: (platform) => answer(ask<Answer>('rotate', platform)),
    retire: (serial) => answer(ask<Answer>('retire', serial)),
  };
  return describe(
    started.keys,
    started.baseURL,
    started.secureBaseURL,
    () => ask<ReceivedRequest[]>('received'),
    async () => {
      if (closed) return;
      closed = true;
      await ask('close');
      await worker.terminate();
    },
    build,
    platforms,
    async (content, serve) => {
      const got = await ask<{ served: ServedFile } | { error: { name: string; message: string; code?: string } }>('serveFile', {
        content,
        options: serve,
      });
      if ('served' in got) return got.served;
      throw rebuilt(got.error, 'content', ParameterError);
    },
    async <T>(call: ControlCall) => {
      const got = await ask<Awaited<ReturnType<typeof runControl>>>('control', call);
      if ('error' in got) throw controlError(got.error);
      return got.value as T;
    },
  );
}

/** The worker's answer to a change of platform keys: what is in service, or the error it met. */
type Answer = { platforms: PublicKeys['platforms'] } | { error: WorkerError };

/** An error of the worker, as data (errors do not cross threads whole). */
export interface WorkerError {
  name: string;
  message: string;
  code?: string | undefined;
  field?: string | undefined;
}

async function answer(reply: Promise<Answer>): Promise<PublicKeys['platforms']> {
  const got = await reply;
  if ('platforms' in got) return got.platforms;
  throw rebuilt(got.error, 'platform', ConfigError);
}

/**
 * The worker's error as the same class here: a `ParameterError` or `ConfigError` keeps its field and message;
 * anything else becomes an `Otherwise` naming `fallback`, the input that led to it.
 */
function rebuilt(error: WorkerError, fallback: string, Otherwise: typeof ConfigError | typeof ParameterError): ConfigError | ParameterError {
  const field = error.field ?? fallback;
  const message = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  if (error.name === 'ParameterError') return new ParameterError(field, message);
  if (error.name === 'ConfigError') return new ConfigError(field, message);
  return new Otherwise(field, `${error.name}: ${message}`);
}

/** A platform key as text, which can cross to the worker (KeyObjects and URLs cannot be cloned). */
function portablePlatform(platform: PlatformOptions): PlatformOptions {
  const { certificate } = platform;
  return { ...platform, privateKey: toPem(platform.privateKey) as string, ...(certificate && { certificate: String(certificate) }) };
}

function toPem(key: unknown): unknown {
  if (!(key instanceof KeyObject)) return key;
  return key.type === 'private' ? key.export({ type: 'pkcs8', format: 'pem' }) : key.export({ type: 'spki', format: 'pem' });
}
