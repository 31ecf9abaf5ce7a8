import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  Builder,
  CALL_CHANNELS,
  type CallTrace,
  type ClientConfig,
  ConfigError,
  ParameterError,
  RETRY_CHANNEL,
  type RetryMessage,
  TransportError,
  type UntypedWechatpay,
  VerificationError,
} from 'wechatpay-ts';
import { failure } from '../support/failures.js';
import { fixture, MERCHANT_SERIAL, PUBLIC_KEY_ID } from '../support/fixtures.js';
import { closedPort, retryServer } from '../support/retry-server.js';
import { EXAMPLE_KEY, EXAMPLE_MCHID } from '../support/v2-capture.js';

const server = retryServer();
const made: UntypedWechatpay[] = [];
/** Short waits, so that the specs stay quick; the policy's shape is what is tested. */
const FAST = { minDelay: 5, maxDelay: 40 };

function client(config: Partial<ClientConfig> = {}): UntypedWechatpay {
  const instance = Builder.factory<'untyped'>({
    mchid: '1900000001',
    serial: MERCHANT_SERIAL,
    privateKey: fixture('merchant-key.pem'),
    certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
    baseURL: server.url,
    retry: FAST,
    ...config,
  });
  made.push(instance);
  return instance;
}
afterAll(async () => {
  await Promise.all(made.map((instance) => instance.getDriver().close()));
});
beforeEach(() => server.clear());

type Mode = 'sync' | 'async';
const MODES: Mode[] = ['sync', 'async'];

/** A call in the given mode: the synchronous verb blocks (the server runs in a worker thread). */
async function call(instance: UntypedWechatpay, mode: Mode, method: 'get' | 'post', path: string, options: Record<string, unknown>) {
  const node = instance.chain(path) as unknown as Record<string, (options: unknown) => unknown>;
  return mode === 'sync' ? node[method]!(options) : await node[`${method}Async`]!(options);
}

const QUERY = 'v3/pay/transactions/id/{transaction_id}';
const QUERY_PATH = '/v3/pay/transactions/id/4200000001';
const queryOptions = { transaction_id: '4200000001', query: { mchid: '1900000001' } };
const ORDER_PATH = '/v3/pay/transactions/jsapi';
const order = (id: string) => ({ json: { appid: 'wxd678efh567hg6787', mchid: '1900000001', out_trade_no: id, amount: { total: 1 } } });
const RECEIVER = 'v3/profitsharing/receivers/add';
const receiver = { json: { type: 'MERCHANT_ID', account: '1900000109', relation_type: 'STORE', name: '示例商户' } };

describe.each(MODES)('the built-in retry (%s)', (mode) => {
  it.each([500, 503, 429])('tries a GET again after %i, and returns the answer that came next', async (status) => {
    await server.plan(QUERY_PATH, [{ status }, { status }]);
    const response = (await call(client(), mode, 'get', QUERY, queryOptions)) as { status: number };
    expect(response.status).toBe(200);
    expect((await server.log()).map((seen) => seen.path)).toEqual([QUERY_PATH, QUERY_PATH, QUERY_PATH]);
  });

  it('tries again a POST WeChat Pay deduplicates by the merchant number (placing an order by out_trade_no)', async () => {
    await server.plan(ORDER_PATH, [{ status: 500 }]);
    await call(client(), mode, 'post', 'v3/pay/transactions/jsapi', order(`R-${mode}`));
    const log = await server.log();
    expect(log).toHaveLength(2);
    expect(log[0]!.body).toBe(log[1]!.body);
    expect(JSON.parse(log[1]!.body)).toMatchObject({ out_trade_no: `R-${mode}` });
  });

  it.each([
    ['a POST without a merchant number', RECEIVER, '/v3/profitsharing/receivers/add', receiver],
    [
      'a POST naming an existing order in its path only',
      'v3/pay/transactions/out-trade-no/{out_trade_no}/close',
      '/v3/pay/transactions/out-trade-no/C1/close',
      { out_trade_no: 'C1', json: { mchid: '1900000001' } },
    ],
  ])('sends %s once when it may have reached WeChat Pay (503)', async (_, template, path, options) => {
    await server.plan(path, [{ status: 503 }]);
    const error = await failure(() => call(client(), mode, 'post', template, options));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect(await server.log()).toHaveLength(1);
    // Not a call that gave up: it was never allowed a retry.
    expect((error as ApiError).attempts).toBeUndefined();
  });

  it('tries that POST again when the call says idempotent: true', async () => {
    await server.plan('/v3/profitsharing/receivers/add', [{ status: 503 }]);
    const response = (await call(client(), mode, 'post', RECEIVER, { ...receiver, idempotent: true })) as { status: number };
    expect(response.status).toBe(200);
    expect(await server.log()).toHaveLength(2);
  });

  it('never tries again a business error (400 PARAM_ERROR), nor a GET the call says is not idempotent', async () => {
    await server.plan(QUERY_PATH, [{ status: 400, code: 'PARAM_ERROR' }]);
    const error = await failure(() => call(client(), mode, 'get', QUERY, queryOptions));
    expect(error).toMatchObject({ name: 'ApiError', code: 'PARAM_ERROR', status: 400 });
    expect(await server.log()).toHaveLength(1);

    await server.plan(QUERY_PATH, [{ status: 503 }]);
    await failure(() => call(client(), mode, 'get', QUERY, { ...queryOptions, idempotent: false }));
    expect(await server.log()).toHaveLength(2);
  });

  it('never tries again an answer that fails verification', async () => {
    await server.plan(QUERY_PATH, [{ status: 200, sign: 'bad' }]);
    const error = await failure(() => call(client(), mode, 'get', QUERY, queryOptions));
    expect(error).toBeInstanceOf(VerificationError);
    expect(await server.log()).toHaveLength(1);

    // Also after a retry: the call ends there, its attempts named by status, then by the check that failed.
    await server.plan(QUERY_PATH, [{ status: 503 }, { status: 200, sign: 'bad' }, { status: 200 }]);
    const after = await failure(() => call(client(), mode, 'get', QUERY, queryOptions));
    expect(after).toBeInstanceOf(VerificationError);
    expect((after as VerificationError).attempts?.map((attempt) => attempt.outcome)).toEqual(['503', 'signature']);
    expect(await server.log()).toHaveLength(3);
  });

  it('waits what Retry-After asks (1 s, seen from the server), within maxDelay', async () => {
    await server.plan(QUERY_PATH, [{ status: 429, retryAfter: 1 }]);
    await call(client(), mode, 'get', QUERY, { ...queryOptions, retry: { maxDelay: 3000 } });
    const [first, second] = await server.log();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    expect(second!.at - first!.at).toBeLessThan(1800);
  });

  it('reads a Retry-After given as an HTTP date, and gives up when it would pass the deadline', async () => {
    const instance = client();
    await call(instance, mode, 'get', QUERY, queryOptions); // started (a synchronous client's worker takes a while)
    await server.clear();
    const date = new Date(Date.now() + 3000).toUTCString(); // whole seconds: between 2 and 3 s from now
    await server.plan(QUERY_PATH, [{ status: 503, retryAfter: date }]);
    await call(instance, mode, 'get', QUERY, { ...queryOptions, retry: { maxDelay: 5000 } });
    const [first, second] = await server.log();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1500);
    expect(second!.at - first!.at).toBeLessThan(3500);

    await server.clear();
    await server.plan(QUERY_PATH, [{ status: 503, retryAfter: 3 }]);
    const started = performance.now();
    const error = await failure(() => call(instance, mode, 'get', QUERY, { ...queryOptions, timeout: 1000, retry: { maxDelay: 5000 } }));
    expect(performance.now() - started).toBeLessThan(2500); // not the 3 s asked, nor a second attempt
    expect(error).toMatchObject({ status: 503, attempts: [{ outcome: '503' }] });
    expect(await server.log()).toHaveLength(1);
  });

  it('signs each attempt afresh over the same bytes, and encrypts a field once (same ciphertext every time)', async () => {
    await server.plan('/v3/profitsharing/receivers/add', [{ status: 500 }, { status: 502 }]);
    await call(client(), mode, 'post', RECEIVER, { ...receiver, encrypt: ['json.name'], idempotent: true });
    const log = await server.log();
    expect(log).toHaveLength(3);
    const nonces = log.map((seen) => /nonce_str="([^"]+)"/.exec(seen.authorization ?? '')?.[1]);
    const signatures = log.map((seen) => /signature="([^"]+)"/.exec(seen.authorization ?? '')?.[1]);
    expect(new Set(nonces).size).toBe(3);
    expect(new Set(signatures).size).toBe(3);
    expect(new Set(log.map((seen) => seen.body)).size).toBe(1);
    const name = JSON.parse(log[0]!.body).name as string;
    expect(name).not.toBe('示例商户');
    expect(name.length).toBeGreaterThan(300); // an RSA-OAEP ciphertext, base64
  });

  it("bounds every attempt and wait by the call's timeout: no retry starts that the deadline would cut", async () => {
    const instance = client();
    await call(instance, mode, 'get', QUERY, queryOptions); // started: a synchronous client's first call starts its worker
    await server.clear();
    await server.plan(
      QUERY_PATH,
      Array.from({ length: 20 }, () => ({ status: 503 })),
    );
    const started = performance.now();
    const error = await failure(() =>
      call(instance, mode, 'get', QUERY, { ...queryOptions, timeout: 700, retry: { attempts: 10, minDelay: 200, maxDelay: 200 } }),
    );
    const elapsed = performance.now() - started;
    // The last attempt's 503, or (on a loaded machine) the timeout of an attempt that the deadline cut short.
    expect(error).toSatisfy((found) => found instanceof ApiError || (found instanceof TransportError && found.reason === 'timeout'));
    expect(elapsed).toBeLessThan(700 + 300); // the timeout, and the time for the worker's reply and the error
    // 700 ms hold at most four attempts 200 ms apart; the error lists them when the retry gave up (an asynchronous
    // call cut by its deadline rejects with the deadline's own error).
    const sent = (await server.log()).length;
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(sent).toBeLessThanOrEqual(4);
    if (error instanceof ApiError) expect(error.attempts).toHaveLength(sent);
  });

  it('gives up at the timeout when an attempt hangs, without another attempt', async () => {
    await server.plan(QUERY_PATH, [{ hang: true }]);
    const started = performance.now();
    const error = await failure(() => call(client(), mode, 'get', QUERY, { ...queryOptions, timeout: 400 }));
    expect(error).toMatchObject({ name: 'TransportError', reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await server.log()).toHaveLength(1);
  });

  it('sends once with retry: false, on the client or on the call', async () => {
    await server.plan(QUERY_PATH, [{ status: 500 }]);
    await failure(() => call(client({ retry: false }), mode, 'get', QUERY, queryOptions));
    expect(await server.log()).toHaveLength(1);
    await server.plan(QUERY_PATH, [{ status: 500 }]);
    await failure(() => call(client(), mode, 'get', QUERY, { ...queryOptions, retry: false }));
    expect(await server.log()).toHaveLength(2);
    // And a call may turn it back on over a client's false.
    await server.plan(QUERY_PATH, [{ status: 500 }]);
    await call(client({ retry: false }), mode, 'get', QUERY, { ...queryOptions, retry: { attempts: 2 } });
    expect(await server.log()).toHaveLength(4);
  });

  it('gives the error of a call that gave up its attempts: host, status or reason, duration; shown in toJSON()', async () => {
    await server.plan(QUERY_PATH, [{ status: 500 }, { status: 503 }, { status: 502 }]);
    const error = (await failure(() => call(client(), mode, 'get', QUERY, queryOptions))) as ApiError;
    expect(error.status).toBe(502);
    expect(error.attempts).toEqual([
      { host: server.host, outcome: '500', durationMs: expect.any(Number) },
      { host: server.host, outcome: '503', durationMs: expect.any(Number) },
      { host: server.host, outcome: '502', durationMs: expect.any(Number) },
    ]);
    const json = JSON.parse(JSON.stringify(error));
    expect(json.attempts).toEqual(error.attempts);
    expect(JSON.stringify(json.attempts)).not.toMatch(/WECHATPAY2|signature|mchid/i);
  });

  it("tries again a connection refused on any call (nothing was sent), as a 'connect' TransportError in the end", async () => {
    const port = await closedPort();
    const nowhere = client({ baseURL: `http://127.0.0.1:${port}/` });
    const error = await failure(() => call(nowhere, mode, 'post', RECEIVER, receiver));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ reason: 'connect', code: 'ERR_TRANSPORT_CONNECT', message: expect.stringContaining('ECONNREFUSED') });
    expect((error as TransportError).attempts?.map((attempt) => attempt.outcome)).toEqual(['connect', 'connect', 'connect']);
  });

  it("APIv2: tries again a deduplicated call (micropay) with the same signed payload, as WeChat Pay's own SDK resends it", async () => {
    await server.plan('/pay/micropay', [{ status: 500 }]);
    const v2 = Builder.factory<'untyped'>({ mchid: EXAMPLE_MCHID, secret: EXAMPLE_KEY, baseURL: server.url, retry: FAST });
    made.push(v2);
    const xml = { appid: 'wx2421b1c4370ec43b', body: 'test', out_trade_no: `V2-${mode}`, total_fee: '1', auth_code: '120061098828009406' };
    const response = (await call(v2, mode, 'post', 'v2/pay/micropay', { xml })) as { status: number };
    expect(response.status).toBe(200);
    const log = await server.log();
    expect(log).toHaveLength(2);
    expect(log[1]!.body).toBe(log[0]!.body);
    expect(log[0]!.body).toMatch(/<sign>[0-9A-F]{32}<\/sign>/);
  });

  it(`publishes each retry on ${RETRY_CHANNEL}, and the call's trace counts its attempts; no secret in either`, async () => {
    const retries: RetryMessage[] = [];
    const traces: CallTrace[] = [];
    const onRetry = (message: unknown) => void retries.push(structuredClone(message as RetryMessage));
    const onEnd = (message: unknown) => void traces.push({ ...(message as CallTrace) });
    const ended = mode === 'sync' ? CALL_CHANNELS.end : CALL_CHANNELS.asyncEnd;
    subscribe(RETRY_CHANNEL, onRetry);
    subscribe(ended, onEnd);
    try {
      await server.plan(QUERY_PATH, [{ status: 503, retryAfter: 0 }]);
      await call(client(), mode, 'get', QUERY, queryOptions);
    } finally {
      unsubscribe(RETRY_CHANNEL, onRetry);
      unsubscribe(ended, onEnd);
    }
    expect(retries).toEqual([
      {
        method: 'GET',
        template: QUERY,
        path: QUERY_PATH,
        sync: mode === 'sync',
        attempt: 1,
        host: server.host,
        nextHost: server.host,
        delayMs: 0,
        status: 503,
        requestId: 'RETRY-1',
        error: { name: 'ApiError', code: 'SYSTEM_ERROR', reason: undefined, message: expect.stringContaining('SYSTEM_ERROR') },
      },
    ]);
    expect(traces.at(-1)).toMatchObject({ status: 200, attempts: 2 });
    const text = JSON.stringify([retries, traces]);
    for (const secret of ['WECHATPAY2', 'Authorization', 'signature', 'mchid', '1900000001']) expect(text).not.toContain(secret);
  });
});

describe("what counts as a connection never set up ('connect')", () => {
  it.each([
    ['a TLS certificate the client does not trust', 'https', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['a server that does not speak TLS', 'http', 'ERR_SSL_WRONG_VERSION_NUMBER'],
  ])('%s: tried again, and in the end a connect TransportError', async (_, kind, code) => {
    const tls = { key: fixture('tls-server-key.pem'), cert: fixture('tls-server.pem') };
    let requests = 0;
    const local = kind === 'https' ? createHttpsServer(tls, (_, res) => res.end('{}')) : createHttpServer((_, res) => res.end('{}'));
    local.on('request', () => (requests += 1));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = local.address() as { port: number };
      const error = await failure(() =>
        client({ baseURL: `https://127.0.0.1:${port}/` })
          .chain(QUERY)
          .getAsync(queryOptions),
      );
      expect(error).toMatchObject({ name: 'TransportError', reason: 'connect', message: expect.stringContaining(code) });
      expect((error as TransportError).attempts).toHaveLength(3);
      expect(requests).toBe(0);
    } finally {
      await new Promise((resolve) => local.close(resolve));
    }
  });

  it.each(MODES)('not a reset once the request went out (%s): a GET is sent again, a POST without a number is not', async (mode) => {
    await server.plan(QUERY_PATH, [{ reset: true }]);
    const response = (await call(client(), mode, 'get', QUERY, queryOptions)) as { status: number };
    expect(response.status).toBe(200);
    expect(await server.log()).toHaveLength(2);

    await server.plan('/v3/profitsharing/receivers/add', [{ reset: true }]);
    const error = await failure(() => call(client(), mode, 'post', RECEIVER, receiver));
    expect(error).toMatchObject({ name: 'TransportError', reason: 'network' });
    expect(await server.log()).toHaveLength(3);
  });
});

describe('the abort of an asynchronous call', () => {
  it('ends a wait between attempts: no attempt is sent after it', async () => {
    await server.plan(QUERY_PATH, [{ status: 503, retryAfter: 1 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const error = await failure(() =>
      client()
        .chain(QUERY)
        .getAsync({ ...queryOptions, signal: controller.signal, retry: { maxDelay: 2000 } }),
    );
    expect(error).toMatchObject({ name: 'TransportError', reason: 'aborted' });
    expect(performance.now() - started).toBeLessThan(900);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await server.log()).toHaveLength(1);
  });

  it('is never tried again', async () => {
    await server.plan(QUERY_PATH, [{ hang: true }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(() =>
      client()
        .chain(QUERY)
        .getAsync({ ...queryOptions, signal: controller.signal }),
    );
    expect(error).toMatchObject({ name: 'TransportError', reason: 'aborted' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await server.log()).toHaveLength(1);
  });
});

describe('retry options', () => {
  it.each([
    [{ attempts: 0 }, 'retry.attempts'],
    [{ attempts: 2.5 }, 'retry.attempts'],
    [{ minDelay: -1 }, 'retry.minDelay'],
    [{ maxDelay: Number.POSITIVE_INFINITY }, 'retry.maxDelay'],
    [{ minDelay: 500, maxDelay: 100 }, 'retry.minDelay'],
    [{ tries: 3 }, 'retry.tries'],
    ['3', 'retry'],
  ])('refuses the client option retry: %j with a ConfigError naming %s', (retry, field) => {
    const error = failureSync(() => client({ retry: retry as ClientConfig['retry'] }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field });
  });

  it.each([
    [{ backupBaseURL: 'https://backup.example/other/' }, 'backupBaseURL'],
    [{ backupBaseURL: 'ftp://backup.example/' }, 'backupBaseURL'],
    [{ failover: { switchAfter: 0 } }, 'failover.switchAfter'],
    [{ failover: { probeAfter: -5 } }, 'failover.probeAfter'],
    [{ failover: { after: 3 } }, 'failover.after'],
  ])('refuses %j with a ConfigError naming %s', (config, field) => {
    const error = failureSync(() => client(config as Partial<ClientConfig>));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field });
  });

  it.each(MODES)('refuses a bad call option (%s) with a ParameterError naming it, before anything is sent', async (mode) => {
    const instance = client();
    for (const [options, field] of [
      [{ retry: { attempts: 11 } }, 'retry.attempts'],
      [{ retry: { delay: 5 } }, 'retry.delay'],
      [{ retry: true }, 'retry'],
      [{ idempotent: 'yes' }, 'idempotent'],
    ] as const) {
      const error = await failure(() => call(instance, mode, 'get', QUERY, { ...queryOptions, ...options }));
      expect(error).toBeInstanceOf(ParameterError);
      expect(error).toMatchObject({ field });
    }
    expect(await server.log()).toEqual([]);
  });
});

function failureSync(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}
