import { tracingChannel } from 'node:diagnostics_channel';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, CALL_CHANNEL, type CALL_CHANNELS, type CallTrace, ParameterError, TransportError } from 'wechatpay-ts';
import { ORDER, SEED, simulated } from '../support/simulated.js';

const env = simulated();

type Event = keyof typeof CALL_CHANNELS;
interface Seen {
  event: Event;
  /** The message as it was when published: the same object grows as the call goes. */
  snapshot: Record<string, unknown>;
  message: CallTrace;
}

const channel = tracingChannel<object, CallTrace>(CALL_CHANNEL);
let seen: Seen[] = [];
const record = (event: Event) => (message: CallTrace) => {
  seen.push({ event, message, snapshot: { ...message, ...(message.error && { error: { ...message.error } }) } });
};
const handlers = {
  start: record('start'),
  end: record('end'),
  asyncStart: record('asyncStart'),
  asyncEnd: record('asyncEnd'),
  error: record('error'),
};

const events = () => seen.map((s) => s.event);
const last = () => seen.at(-1)!.snapshot;
const outcome = async (call: () => unknown) => {
  try {
    return await call();
  } catch (error) {
    return error;
  }
};
const host = () => new URL(env.simulator.config.baseURL).host;

/** Nothing secret in any message: no key, no Authorization or signature, no body value, no query value. */
function expectClean(...secrets: string[]) {
  const text = JSON.stringify(seen.map((s) => s.snapshot));
  const { privateKey } = env.simulator.config;
  const keyText = typeof privateKey === 'string' ? privateKey : '';
  for (const secret of [...secrets, 'PRIVATE KEY', 'WECHATPAY2-SHA256', 'signature', 'Authorization', ORDER.appid, keyText.split('\n')[1] ?? 'x'])
    expect(text).not.toContain(secret);
  for (const { snapshot } of seen)
    expect(
      Object.keys(snapshot).every((key) =>
        ['method', 'template', 'sync', 'host', 'path', 'status', 'requestId', 'error', 'durationMs', 'attempts'].includes(key),
      ),
    ).toBe(true);
}

beforeEach(() => {
  seen = [];
  channel.subscribe(handlers);
});
afterEach(async () => {
  channel.unsubscribe(handlers);
  await env.simulator.faults.clear();
});

describe('the wechatpay-ts:call tracing channel', () => {
  it('traces a successful synchronous call: start, then end with status, Request-ID and duration', () => {
    const response = env.instance.chain(SEED).post({ out_order_no: 'TRACE1', json: ORDER });
    expect(events()).toEqual(['start', 'end']);
    expect(seen[0]!.message).toBe(seen[1]!.message);
    expect(seen[0]!.snapshot).toEqual({ method: 'POST', template: SEED, sync: true, host: host() });
    const requestId = response.headers.get('Request-ID');
    expect(requestId).toMatch(/^[0-9A-F]{32}$/);
    expect(last()).toEqual({
      method: 'POST',
      template: SEED,
      sync: true,
      host: host(),
      path: '/v3/payscore/smartretail-orders/TRACE1/complete',
      status: 200,
      requestId,
      attempts: 1,
      durationMs: expect.any(Number),
    });
    expect(last().durationMs).toBeGreaterThan(0);
    expectClean();
  });

  it('traces a successful asynchronous call: end as the promise is returned, asyncStart/asyncEnd when it settles', async () => {
    const response = await env.instance.chain(SEED).postAsync({ out_order_no: 'TRACE2', json: ORDER });
    expect(events()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(seen[1]!.snapshot).toEqual({
      method: 'POST',
      template: SEED,
      sync: false,
      host: host(),
      path: '/v3/payscore/smartretail-orders/TRACE2/complete',
    });
    expect(last()).toEqual({
      method: 'POST',
      template: SEED,
      sync: false,
      host: host(),
      path: '/v3/payscore/smartretail-orders/TRACE2/complete',
      status: 200,
      requestId: response.headers.get('Request-ID'),
      attempts: 1,
      durationMs: expect.any(Number),
    });
    expect(seen[2]!.snapshot).toEqual(last());
    expectClean();
  });

  it.each(['sync', 'async'])('traces an ApiError (%s) with WeChat Pay code and Request-ID, never the download token', async (mode) => {
    const token = `SECRETTOKEN${mode}`;
    const node = env.untyped.chain('v3/billdownload/file');
    const error = await outcome(() => (mode === 'sync' ? node.get({ query: { token } }) : node.getAsync({ query: { token } })));
    expect(error).toBeInstanceOf(ApiError);
    const { code, requestId } = error as ApiError;
    expect(code).toBe('RESOURCE_NOT_EXISTS');
    expect(requestId).toMatch(/^[0-9A-F]{32}$/);
    expect(events()).toEqual(mode === 'sync' ? ['start', 'error', 'end'] : ['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    expect(last()).toEqual({
      method: 'GET',
      template: 'v3/billdownload/file',
      sync: mode === 'sync',
      host: host(),
      path: '/v3/billdownload/file',
      status: 404,
      requestId,
      error: { name: 'ApiError', code: 'RESOURCE_NOT_EXISTS', reason: undefined, message: (error as ApiError).message },
      attempts: 1,
      durationMs: expect.any(Number),
    });
    expect(seen.find((s) => s.event === 'error')!.snapshot).toEqual(last());
    expectClean(token, '?token');
  });

  it.each(['sync', 'async'])('traces a download (%s) by its path only: the token stays out', async (mode) => {
    const served = await env.simulator.serveFile(Buffer.from('a,b\n1,2\n'));
    const token = new URL(served.download_url).searchParams.get('token')!;
    expect(token.length).toBeGreaterThan(10);
    const to = join(mkdtempSync(join(tmpdir(), 'trace-')), 'bill.csv');
    const driver = env.instance.getDriver();
    const result = mode === 'sync' ? driver.downloadSync(served, { to }) : await driver.download(served, { to });
    expect(result.written).toBe(8);
    expect(last()).toEqual({
      method: 'GET',
      template: 'v3/billdownload/file',
      sync: mode === 'sync',
      host: host(),
      path: '/v3/billdownload/file',
      status: 200,
      requestId: expect.stringMatching(/^[0-9A-F]{32}$/),
      attempts: 1,
      durationMs: expect.any(Number),
    });
    expectClean(token, '?token');
  });

  it('traces a ParameterError refused before sending: no path, no status, nothing sent', async () => {
    const before = (await env.simulator.received()).length;
    const error = await outcome(() => env.untyped.chain('v3/pay/transactions/id/{transaction_id}').getAsync({ query: { mchid: 'QUERYVALUE' } }));
    expect(error).toBeInstanceOf(ParameterError);
    expect((await env.simulator.received()).length).toBe(before);
    expect(last()).toEqual({
      method: 'GET',
      template: 'v3/pay/transactions/id/{transaction_id}',
      sync: false,
      host: host(),
      error: { name: 'ParameterError', code: (error as ParameterError).code, reason: undefined, message: (error as ParameterError).message },
      attempts: 0,
      durationMs: expect.any(Number),
    });
    expect((error as ParameterError).code).toMatch(/PARAM/);
    expectClean('QUERYVALUE');
  });

  it.each(['sync', 'async'])('traces a timeout (%s) as a TransportError with its reason', async (mode) => {
    const path = '/v3/pay/transactions/out-trade-no/TRACE3';
    await env.simulator.faults.add({ path, times: 1, kind: { type: 'hang' } });
    const node = env.untyped.chain('v3/pay/transactions/out-trade-no/{out_trade_no}');
    const options = { out_trade_no: 'TRACE3', query: { mchid: 'QUERYMCHID' }, timeout: 300 };
    const error = await outcome(() => (mode === 'sync' ? node.get(options) : node.getAsync(options)));
    expect(error).toBeInstanceOf(TransportError);
    expect(last()).toEqual({
      method: 'GET',
      template: 'v3/pay/transactions/out-trade-no/{out_trade_no}',
      sync: mode === 'sync',
      host: host(),
      path,
      error: { name: 'TransportError', code: 'ERR_TRANSPORT_TIMEOUT', reason: 'timeout', message: (error as TransportError).message },
      attempts: 1,
      durationMs: expect.any(Number),
    });
    expect(last().durationMs).toBeGreaterThanOrEqual(250);
    expectClean('QUERYMCHID');
  });
});

describe('without a subscriber', () => {
  beforeEach(() => channel.unsubscribe(handlers));

  it('builds no message: the start of one is only read when someone listens', () => {
    const driver = env.instance.getDriver();
    let reads = 0;
    const hostOf = Object.getOwnPropertyDescriptor(URL.prototype, 'host')!.get!;
    Object.defineProperty(driver.baseURL, 'host', {
      configurable: true,
      get(this: URL) {
        reads++;
        return hostOf.call(this);
      },
    });
    try {
      const count = (no: string) => {
        reads = 0;
        env.instance.chain(SEED).post({ out_order_no: no, json: ORDER });
        return reads;
      };
      expect(channel.hasSubscribers).toBe(false);
      const quiet = count('QUIET1');
      channel.subscribe(handlers);
      const traced = count('LOUD1');
      channel.unsubscribe(handlers);
      const again = count('QUIET2');
      expect(traced).toBe(quiet + 1);
      expect(again).toBe(quiet);
      expect(events()).toEqual(['start', 'end']);
    } finally {
      delete (driver.baseURL as unknown as Record<string, unknown>).host;
    }
  });
});
