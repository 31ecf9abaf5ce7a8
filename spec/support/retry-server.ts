import { once } from 'node:events';
import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';
import { EXAMPLE_KEY } from './v2-capture.js';
import { fixture, PUBLIC_KEY_ID } from './fixtures.js';

/** One request as the retry server saw it. */
export interface Logged {
  method: string;
  path: string;
  host: string;
  authorization: string | null;
  body: string;
  /** Epoch milliseconds (fractional) when it had arrived whole. */
  at: number;
}

/** One planned answer: a status (with `Retry-After`, a WeChat Pay code, a bad signature), or none at all. */
export interface Step {
  status?: number;
  retryAfter?: number | string;
  code?: string;
  sign?: 'valid' | 'bad';
  hang?: true;
  /** Drop the connection once the request arrived: it was sent, and may have been acted on. */
  reset?: true;
}

export interface RetryServer {
  url: string;
  host: string;
  plan(path: string, answers: Step[]): Promise<void>;
  log(): Promise<Logged[]>;
  clear(): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
}

/** The server of retry-server.mjs in a worker thread, for the tests of one file. */
export function retryServer(): RetryServer {
  const state = {} as { worker: Worker; url: string };
  let next = 0;
  const ask = async (cmd: string, fields: object = {}): Promise<unknown> => {
    const id = ++next;
    state.worker.postMessage({ id, cmd, ...fields });
    for (;;) {
      const [reply] = (await once(state.worker, 'message')) as [{ id: number; result: unknown }];
      if (reply.id === id) return reply.result;
    }
  };
  beforeAll(async () => {
    state.worker = new Worker(new URL('./retry-server.mjs', import.meta.url), {
      workerData: { privateKey: fixture('platform-key.pem'), serial: PUBLIC_KEY_ID, v2Key: EXAMPLE_KEY },
    });
    const [ready] = (await once(state.worker, 'message')) as [{ ready: string }];
    state.url = ready.ready;
  });
  afterAll(async () => {
    await state.worker?.terminate();
  });
  return {
    get url() {
      return state.url;
    },
    get host() {
      return new URL(state.url).host;
    },
    plan: async (path, answers) => void (await ask('plan', { path, answers })),
    log: async () => (await ask('log')) as Logged[],
    clear: async () => void (await ask('clear')),
    down: async () => void (await ask('down')),
    up: async () => void (await ask('up')),
  };
}

/** A port on 127.0.0.1 where nothing listens: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
