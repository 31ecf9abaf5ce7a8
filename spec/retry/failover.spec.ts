import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Builder,
  CALL_CHANNELS,
  type CallTrace,
  type ClientConfig,
  RETRY_CHANNEL,
  type RetryMessage,
  TransportError,
  type UntypedWechatpay,
} from 'wechatpay-ts';
import { failure } from '../support/failures.js';
import { fixture, MERCHANT_SERIAL, PUBLIC_KEY_ID } from '../support/fixtures.js';
import { closedPort, retryServer } from '../support/retry-server.js';

const primary = retryServer();
const backup = retryServer();
const made: UntypedWechatpay[] = [];

function client(config: Partial<ClientConfig>): UntypedWechatpay {
  const instance = Builder.factory<'untyped'>({
    mchid: '1900000001',
    serial: MERCHANT_SERIAL,
    privateKey: fixture('merchant-key.pem'),
    certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
    retry: { minDelay: 5, maxDelay: 40 },
    ...config,
  });
  made.push(instance);
  return instance;
}
afterAll(async () => {
  await Promise.all(made.map((instance) => instance.getDriver().close()));
});
beforeEach(async () => {
  await Promise.all([primary.clear(), backup.clear()]);
});

type Mode = 'sync' | 'async';
const QUERY = 'v3/pay/transactions/id/{transaction_id}';
const options = { transaction_id: '4200000001', query: { mchid: '1900000001' } };

async function get(instance: UntypedWechatpay, mode: Mode, extra: Record<string, unknown> = {}) {
  const node = instance.chain(QUERY);
  return mode === 'sync' ? node.get({ ...options, ...extra }) : await node.getAsync({ ...options, ...extra });
}

/** The retries published while `run` ran. */
async function retriesOf(run: () => Promise<unknown>): Promise<RetryMessage[]> {
  const seen: RetryMessage[] = [];
  const listener = (message: unknown) => void seen.push(message as RetryMessage);
  subscribe(RETRY_CHANNEL, listener);
  try {
    await run();
  } finally {
    unsubscribe(RETRY_CHANNEL, listener);
  }
  return seen;
}

describe.each(['sync', 'async'] as const)('the backup host (%s)', (mode) => {
  it('takes a call whose primary host refuses connections, at once, signed as usual', async () => {
    const port = await closedPort();
    const instance = client({ baseURL: `http://127.0.0.1:${port}/`, backupBaseURL: backup.url });
    const traces: CallTrace[] = [];
    const ended = mode === 'sync' ? CALL_CHANNELS.end : CALL_CHANNELS.asyncEnd;
    const onEnd = (message: unknown) => void traces.push({ ...(message as CallTrace) });
    subscribe(ended, onEnd);
    const retries = await retriesOf(() => get(instance, mode)).finally(() => unsubscribe(ended, onEnd));
    // The call's trace names where it landed, and how many sends it took.
    expect(traces).toMatchObject([{ host: backup.host, status: 200, attempts: 2 }]);
    const log = await backup.log();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ host: backup.host, path: '/v3/pay/transactions/id/4200000001' });
    expect(log[0]!.authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 /);
    expect(retries).toMatchObject([{ attempt: 1, host: `127.0.0.1:${port}`, nextHost: backup.host, delayMs: 0, error: { reason: 'connect' } }]);
  });

  it('is preferred after switchAfter connection failures, and the primary is probed again after probeAfter', async () => {
    const instance = client({ baseURL: primary.url, backupBaseURL: backup.url, failover: { switchAfter: 2, probeAfter: 500 } });
    const counts = async () => ({ primary: (await primary.log()).length, backup: (await backup.log()).length });

    await get(instance, mode);
    expect(await counts()).toEqual({ primary: 1, backup: 0 });

    await primary.down();
    try {
      // Two calls fail to connect to the primary and land on the backup...
      const switched = await retriesOf(async () => {
        await get(instance, mode);
        await get(instance, mode);
      });
      // A kept-alive socket the primary dropped may fail first as a reset (`network`: the request may have left), which
      // a GET tries again on the same host; only the failed connections count towards the switch.
      const refused = switched.filter((retry) => retry.error.reason === 'connect');
      expect(refused.map((retry) => [retry.host, retry.nextHost])).toEqual([
        [primary.host, backup.host],
        [primary.host, backup.host],
      ]);
      // ...after which calls start on the backup: no failed attempt on the way.
      expect(await retriesOf(() => get(instance, mode))).toEqual([]);
      expect(await counts()).toEqual({ primary: 1, backup: 3 });
    } finally {
      await primary.up();
    }
    // Back up, but within the period: still the backup.
    await get(instance, mode);
    expect(await counts()).toEqual({ primary: 1, backup: 4 });
    // After it: the probe goes to the primary, which answers, and calls stay there.
    await new Promise((resolve) => setTimeout(resolve, 550));
    await get(instance, mode);
    await get(instance, mode);
    expect(await counts()).toEqual({ primary: 3, backup: 4 });
  });

  it('takes the call when the primary dies during it, even when the primary used up the attempts', async () => {
    const instance = client({ baseURL: primary.url, backupBaseURL: backup.url });
    // A GET: 500, then the primary resets it and dies, so the third attempt cannot connect to it.
    await primary.plan('/v3/pay/transactions/id/4200000001', [{ status: 500 }, { die: true }]);
    try {
      const retries = await retriesOf(() => get(instance, mode));
      expect(retries.map((retry) => [retry.attempt, retry.host, retry.nextHost, retry.error.reason ?? retry.error.code])).toEqual([
        [1, primary.host, primary.host, 'SYSTEM_ERROR'],
        [2, primary.host, primary.host, 'network'],
        [3, primary.host, backup.host, 'connect'],
      ]);
      expect((await primary.log()).length).toBe(2);
      expect((await backup.log()).length).toBe(1);
    } finally {
      await primary.up();
    }
  });

  it('with retry: false, sends once: a refused primary is not tried on the backup', async () => {
    const port = await closedPort();
    const instance = client({ baseURL: `http://127.0.0.1:${port}/`, backupBaseURL: backup.url, retry: false });
    const error = await failure(() => get(instance, mode));
    expect(error).toMatchObject({ reason: 'connect' });
    expect(await backup.log()).toEqual([]);
  });

  it('is not used for a 503 from the primary (it answered): the retry stays on the primary', async () => {
    const instance = client({ baseURL: primary.url, backupBaseURL: backup.url });
    await primary.plan('/v3/pay/transactions/id/4200000001', [{ status: 503 }]);
    await get(instance, mode);
    expect((await primary.log()).length).toBe(2);
    expect(await backup.log()).toEqual([]);
  });

  it("is not used by a call given another baseURL than the client's", async () => {
    const [port, other] = [await closedPort(), await closedPort()];
    const instance = client({ baseURL: `http://127.0.0.1:${port}/`, backupBaseURL: backup.url });
    const error = await failure(() => get(instance, mode, { baseURL: `http://127.0.0.1:${other}/` }));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).attempts?.map((attempt) => attempt.host)).toEqual([
      `127.0.0.1:${other}`,
      `127.0.0.1:${other}`,
      `127.0.0.1:${other}`,
    ]);
    expect(await backup.log()).toEqual([]);
  });
});

describe('backupBaseURL', () => {
  it("defaults to https://api2.wechatpay.cn/ for WeChat Pay's default host only; false turns it off", () => {
    expect(client({}).getDriver().backupBaseURL?.href).toBe('https://api2.wechatpay.cn/');
    expect(client({ backupBaseURL: false }).getDriver().backupBaseURL).toBeUndefined();
    expect(client({ baseURL: 'https://apihk.mch.weixin.qq.com/hk/' }).getDriver().backupBaseURL).toBeUndefined();
    expect(client({ baseURL: primary.url, backupBaseURL: backup.url }).getDriver().backupBaseURL?.href).toBe(backup.url);
  });
});
