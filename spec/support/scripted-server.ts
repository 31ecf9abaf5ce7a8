import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';
import { Builder, type ClientConfig, type UntypedWechatpay } from 'wechatpay-ts';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture } from './fixtures.js';

/** One streamed answer of `/v3/script/big`, as the server saw it. */
export interface BigAnswer {
  id: string | null;
  total: number;
  written: number;
  finished: boolean;
  closedEarly: boolean;
}

/**
 * The server of scripted-server.mjs in a worker thread for the tests of one file, signing with the platform key of
 * the fixtures, and a client of it (untyped: the paths are made up) that trusts that key.
 */
export function scriptedServer(config: Partial<ClientConfig> = {}) {
  const state = {} as { url: string; worker: Worker; instance: UntypedWechatpay };
  beforeAll(async () => {
    state.worker = new Worker(new URL('./scripted-server.mjs', import.meta.url), {
      workerData: { privateKey: fixture('platform-key.pem'), serial: PUBLIC_KEY_ID },
    });
    [state.url] = (await once(state.worker, 'message')) as [string];
    state.instance = Builder.factory<'untyped'>({
      mchid: '1900000001',
      serial: MERCHANT_SERIAL,
      privateKey: fixture('merchant-key.pem'),
      certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
      baseURL: state.url,
      ...config,
    });
  });
  afterAll(async () => {
    await state.instance?.getDriver().close();
    await state.worker?.terminate();
  });
  return Object.assign(state, {
    /** What the server logged: the streamed answers, and how many requests each path got. */
    async stats(): Promise<{ big: BigAnswer[]; hits: Record<string, number> }> {
      return (await (await fetch(`${state.url}stats`)).json()) as { big: BigAnswer[]; hits: Record<string, number> };
    },
  });
}
