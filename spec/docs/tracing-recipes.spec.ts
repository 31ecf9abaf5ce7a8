import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, andThen, Builder, ParameterError, TransportError, type UntypedWechatpay, type Wechatpay } from 'wechatpay-ts';
import { type Simulator, startSimulator } from 'wechatpay-ts/simulator';
import { type CallRecord, type LogRecord, logWechatpay } from '../../docs/examples/tracing-log.js';
import { traceWechatpay } from '../../docs/examples/tracing-otel.js';
import { startTracing } from '../../docs/examples/tracing-setup.js';
import { fixture, MERCHANT_SERIAL } from '../support/fixtures.js';
import { ORDER, SEED } from '../support/simulated.js';

/** The recipes of docs/guide/tracing.md, run as written against real calls to the simulator (in a worker thread). */

const PRIVATE_KEY = fixture('merchant-key.pem');
const API_V2_KEY = fixture('apiv2-key.txt').trim();
const API_V3_KEY = 'TraceSpecApiV3Key0123456789abcde';
const QUERY = 'v3/pay/transactions/out-trade-no/{out_trade_no}';

let simulator: Simulator;
let instance: Wechatpay;
let untyped: UntypedWechatpay;
/** Every download token the tests handed out or sent. */
const tokens: string[] = [];
/** Every response signature the client saw. */
const answerSignatures: string[] = [];

beforeAll(async () => {
  simulator = await startSimulator({
    worker: true,
    merchant: { serial: MERCHANT_SERIAL, publicKey: fixture('merchant-pub.pem') },
    apiV3Key: API_V3_KEY,
  });
  instance = Builder.factory({
    mchid: simulator.mchid,
    serial: MERCHANT_SERIAL,
    privateKey: PRIVATE_KEY,
    certs: { [simulator.platform.serial]: simulator.platform.publicKey },
    baseURL: simulator.baseURL,
    apiV3Key: API_V3_KEY,
    secret: API_V2_KEY,
  });
  untyped = instance as unknown as UntypedWechatpay;
  // Remembers the platform's signature of every answer, to look for it in the spans and lines.
  instance.getDriver().stack.unshift(
    (request, next) =>
      andThen(next(request), (response) => {
        answerSignatures.push(response.headers.get('Wechatpay-Signature') ?? '');
        return response;
      }),
    'remember-signatures',
  );
});
afterAll(async () => {
  await instance?.getDriver().close();
  await simulator?.close();
});
afterEach(() => simulator.faults.clear());

const host = () => new URL(simulator.baseURL);
const outcome = async (call: () => unknown) => {
  try {
    return await call();
  } catch (error) {
    return error;
  }
};

/** The secrets of this file's client and calls, as they went over the wire. */
async function secrets(): Promise<string[]> {
  const sent = await simulator.received();
  const authorizations = sent.map((request) => request.headers.authorization ?? '').filter(Boolean);
  expect(authorizations.length).toBeGreaterThan(0);
  const signatures = authorizations.map((value) => /signature="([^"]+)"/.exec(value)?.[1] ?? '');
  expect(signatures.every((signature) => signature.length > 100)).toBe(true);
  const keyLines = PRIVATE_KEY.split('\n').filter((line) => line.length > 40);
  expect(keyLines.length).toBeGreaterThan(10);
  return [
    ...authorizations,
    ...signatures,
    ...keyLines,
    ...answerSignatures.filter(Boolean),
    ...tokens,
    API_V3_KEY,
    API_V2_KEY,
    'PRIVATE KEY',
    'WECHATPAY2-SHA256',
  ];
}

async function expectNoSecret(text: string) {
  for (const secret of await secrets()) expect(text).not.toContain(secret);
}

/** A call that answers a status error once, with WeChat Pay's signed error body. */
async function failOnce(outTradeNo: string) {
  await simulator.faults.add({
    path: `v3/pay/transactions/out-trade-no/${outTradeNo}`,
    times: 1,
    kind: { type: 'status', status: 400, code: 'PARAM_ERROR' },
  });
}

/** An order the simulator knows, whose next query answers 503 once (retried: a GET), then the order. */
async function retriedOnce(outTradeNo: string): Promise<string> {
  await untyped.chain('v3/pay/transactions/jsapi').postAsync({
    json: {
      appid: ORDER.appid,
      mchid: simulator.mchid,
      description: 'trace',
      out_trade_no: outTradeNo,
      notify_url: 'https://example.com/notify',
      amount: { total: 1 },
      payer: { openid: 'o-trace' },
    },
  });
  await simulator.faults.add({ path: `v3/pay/transactions/out-trade-no/${outTradeNo}`, times: 1, kind: { type: 'status', status: 503 } });
  return outTradeNo;
}

/** A download of a served file, and a bill download refused with its token in the query. */
async function downloads(mode: 'sync' | 'async') {
  const served = await simulator.serveFile(Buffer.from('a,b\n1,2\n'));
  const token = new URL(served.download_url).searchParams.get('token')!;
  tokens.push(token, `TOKEN-${mode}-QUERY`);
  const to = join(mkdtempSync(join(tmpdir(), 'trace-recipe-')), 'bill.csv');
  const driver = instance.getDriver();
  if (mode === 'sync') driver.downloadSync(served, { to });
  else await driver.download(served, { to });
  const node = untyped.chain('v3/billdownload/file');
  const options = { query: { token: `TOKEN-${mode}-QUERY` } };
  expect(await outcome(() => (mode === 'sync' ? node.get(options) : node.getAsync(options)))).toBeInstanceOf(ApiError);
}

describe('the OpenTelemetry recipe', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('tracing-recipes.spec');
  let stop: () => void = () => {};

  beforeEach(() => {
    exporter.reset();
    stop = startTracing(tracer);
  });
  afterEach(() => stop());

  const spans = () => exporter.getFinishedSpans();
  const only = (name: string) => {
    const found = spans().filter((span) => span.name === name);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const call = (span: ReadableSpan) => spans().filter((other) => other.kind === SpanKind.CLIENT && other !== span);

  it.each(['sync', 'async'] as const)('gives a %s call one client span, child of the span active at the call', async (mode) => {
    const node = instance.chain(SEED);
    const options = { out_order_no: `OTEL-${mode}`, json: ORDER };
    const response = await tracer.startActiveSpan('checkout', async (parent) => {
      const answer = mode === 'sync' ? node.post(options) : await node.postAsync(options);
      parent.end();
      return answer;
    });
    const span = only(`POST ${SEED}`);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.parentSpanContext?.spanId).toBe(only('checkout').spanContext().spanId);
    expect(span.attributes).toEqual({
      'http.request.method': 'POST',
      'url.template': `/${SEED}`,
      'server.address': host().hostname,
      'server.port': Number(host().port),
      'wechatpay.sync': mode === 'sync',
      'url.path': `/v3/payscore/smartretail-orders/OTEL-${mode}/complete`,
      'http.response.status_code': 200,
      'wechatpay.request_id': response.headers.get('Request-ID'),
      'wechatpay.attempts': 1,
    });
    expect(span.attributes['wechatpay.request_id']).toMatch(/^[0-9A-F]{32}$/);
    expect(span.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(span.events).toEqual([]);
    expect(call(span)).toEqual([]);
  });

  it.each(['sync', 'async'] as const)('marks a %s call that ended in an ApiError: status ERROR, error.type, WeChat Pay code', async (mode) => {
    await failOnce(`OTEL-FAIL-${mode}`);
    const node = untyped.chain(QUERY);
    const options = { out_trade_no: `OTEL-FAIL-${mode}`, query: { mchid: simulator.mchid } };
    const error = (await outcome(() => (mode === 'sync' ? node.get(options) : node.getAsync(options)))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('PARAM_ERROR');
    const span = only(`GET ${QUERY}`);
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': `/v3/pay/transactions/out-trade-no/OTEL-FAIL-${mode}`,
      'http.response.status_code': 400,
      'error.type': '400',
      'wechatpay.error_code': 'PARAM_ERROR',
      'wechatpay.request_id': error.requestId,
    });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
    expect(span.events.map((event) => [event.name, event.attributes?.['exception.type']])).toEqual([['exception', 'PARAM_ERROR']]);
  });

  it.each(['sync', 'async'] as const)('names a %s call that timed out by its error code, with no status', async (mode) => {
    const path = `v3/pay/transactions/out-trade-no/OTEL-HANG-${mode}`;
    await simulator.faults.add({ path, times: 1, kind: { type: 'hang' } });
    const node = untyped.chain(QUERY);
    const options = { out_trade_no: `OTEL-HANG-${mode}`, query: { mchid: simulator.mchid }, timeout: 200 };
    const error = (await outcome(() => (mode === 'sync' ? node.get(options) : node.getAsync(options)))) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    const span = only(`GET ${QUERY}`);
    expect(span.attributes['error.type']).toBe('ERR_TRANSPORT_TIMEOUT');
    expect(span.attributes['wechatpay.error_code']).toBe('ERR_TRANSPORT_TIMEOUT');
    expect(span.attributes).not.toHaveProperty('http.response.status_code');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
  });

  it('ends the span of a call refused before sending, which has no path', async () => {
    const error = await outcome(() => untyped.chain(QUERY).getAsync({ query: { mchid: simulator.mchid } }));
    expect(error).toBeInstanceOf(ParameterError);
    const span = only(`GET ${QUERY}`);
    expect(span.attributes).not.toHaveProperty('url.path');
    expect(span.attributes['error.type']).toBe((error as ParameterError).code);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it.each(['sync', 'async'] as const)('makes the span of a %s call the active one for its middleware (the bound store)', async (mode) => {
    const seen: (string | undefined)[] = [];
    const stack = instance.getDriver().stack;
    stack.unshift((request, next) => {
      seen.push(trace.getActiveSpan()?.spanContext().spanId);
      return next(request);
    }, 'see-active-span');
    try {
      const node = instance.chain(SEED);
      const options = { out_order_no: `OTEL-CTX-${mode}`, json: ORDER };
      if (mode === 'sync') node.post(options);
      else await node.postAsync(options);
    } finally {
      stack.remove('see-active-span');
    }
    expect(seen).toEqual([only(`POST ${SEED}`).spanContext().spanId]);
  });

  it('without the store, still parents the span on the caller, and leaves the active span alone inside the call', async () => {
    // The Node SDK's own context manager, whose store the recipe cannot reach.
    stop();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager());
    const untrace = traceWechatpay(tracer);
    stop = () => {
      untrace();
      context.disable();
    };
    const seen: (string | undefined)[] = [];
    const stack = instance.getDriver().stack;
    stack.unshift((request, next) => {
      seen.push(trace.getActiveSpan()?.spanContext().spanId);
      return next(request);
    }, 'see-active-span');
    try {
      await tracer.startActiveSpan('checkout', async (parent) => {
        await instance.chain(SEED).postAsync({ out_order_no: 'OTEL-NOSTORE', json: ORDER });
        parent.end();
      });
    } finally {
      stack.remove('see-active-span');
    }
    const parent = only('checkout').spanContext().spanId;
    expect(only(`POST ${SEED}`).parentSpanContext?.spanId).toBe(parent);
    expect(seen).toEqual([parent]);
  });

  it.each(['sync', 'async'] as const)('adds one event per retry to the span of a %s call, which ends with attempts 2', async (mode) => {
    const outTradeNo = await retriedOnce(`OTEL-RETRY-${mode}`);
    const node = untyped.chain(QUERY);
    const options = { out_trade_no: outTradeNo, query: { mchid: simulator.mchid } };
    const response = mode === 'sync' ? node.get(options) : await node.getAsync(options);
    expect(response.status).toBe(200);
    const span = only(`GET ${QUERY}`);
    expect(span.attributes).toMatchObject({
      'http.response.status_code': 200,
      'wechatpay.attempts': 2,
      'wechatpay.request_id': response.headers.get('Request-ID'),
    });
    expect(span.attributes).not.toHaveProperty('error.type');
    expect(span.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(span.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'wechatpay.retry',
        {
          'wechatpay.attempt': 1,
          'server.address': host().hostname,
          'server.port': Number(host().port),
          'wechatpay.next_host': host().host,
          'wechatpay.delay_ms': expect.any(Number),
          'error.type': '503',
          'http.response.status_code': 503,
          'wechatpay.request_id': expect.stringMatching(/^[0-9A-F]{32}$/),
          'wechatpay.error_code': 'SYSTEM_ERROR',
        },
      ],
    ]);
    expect(span.events[0]!.attributes!['wechatpay.request_id']).not.toBe(response.headers.get('Request-ID'));
  });

  it.each(['sync', 'async'] as const)('keeps every secret out of the spans of %s calls, downloads included', async (mode) => {
    await failOnce(`OTEL-SECRET-${mode}`);
    const node = untyped.chain(QUERY);
    const options = { out_trade_no: `OTEL-SECRET-${mode}`, query: { mchid: simulator.mchid } };
    await outcome(() => (mode === 'sync' ? node.get(options) : node.getAsync(options)));
    if (mode === 'sync') instance.chain(SEED).post({ out_order_no: 'OTEL-SECRET', json: ORDER });
    else await instance.chain(SEED).postAsync({ out_order_no: 'OTEL-SECRET', json: ORDER });
    await downloads(mode);
    expect(spans().map((span) => span.attributes['url.path'])).toEqual([
      `/v3/pay/transactions/out-trade-no/OTEL-SECRET-${mode}`,
      '/v3/payscore/smartretail-orders/OTEL-SECRET/complete',
      expect.stringMatching(/^\/v3\/billdownload\/file/),
      '/v3/billdownload/file',
    ]);
    const text = JSON.stringify(spans().map((span) => ({ name: span.name, attributes: span.attributes, status: span.status, events: span.events })));
    await expectNoSecret(text);
  });
});

describe('the log recipe', () => {
  let records: LogRecord[] = [];
  let lines: string[] = [];
  let stop: () => void = () => {};

  beforeEach(() => {
    records = [];
    lines = [];
    stop = logWechatpay((record) => {
      records.push(record);
      lines.push(JSON.stringify(record));
    });
  });
  afterEach(() => stop());

  it.each(['sync', 'async'] as const)('writes one line per %s call, when it is over', async (mode) => {
    const node = instance.chain(SEED);
    const options = { out_order_no: `LOG-${mode}`, json: ORDER };
    const response = mode === 'sync' ? node.post(options) : await node.postAsync(options);
    await failOnce(`LOG-FAIL-${mode}`);
    const failing = untyped.chain(QUERY);
    const failure = { out_trade_no: `LOG-FAIL-${mode}`, query: { mchid: simulator.mchid } };
    const error = (await outcome(() => (mode === 'sync' ? failing.get(failure) : failing.getAsync(failure)))) as ApiError;
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        msg: 'wechatpay call',
        method: 'POST',
        template: SEED,
        sync: mode === 'sync',
        host: host().host,
        path: `/v3/payscore/smartretail-orders/LOG-${mode}/complete`,
        status: 200,
        requestId: response.headers.get('Request-ID'),
        attempts: 1,
        durationMs: expect.any(Number),
      },
      {
        msg: 'wechatpay call',
        method: 'GET',
        template: QUERY,
        sync: mode === 'sync',
        host: host().host,
        path: `/v3/pay/transactions/out-trade-no/LOG-FAIL-${mode}`,
        status: 400,
        requestId: error.requestId,
        error: { name: 'ApiError', code: 'PARAM_ERROR', message: error.message },
        attempts: 1,
        durationMs: expect.any(Number),
      },
    ]);
    expect((records[0] as CallRecord).durationMs).toBeGreaterThan(0);
  });

  it.each(['sync', 'async'] as const)('writes one line per retry of a %s call, then the call with attempts 2', async (mode) => {
    const outTradeNo = await retriedOnce(`LOG-RETRY-${mode}`);
    lines = [];
    const node = untyped.chain(QUERY);
    const options = { out_trade_no: outTradeNo, query: { mchid: simulator.mchid } };
    const response = mode === 'sync' ? node.get(options) : await node.getAsync(options);
    const path = `/v3/pay/transactions/out-trade-no/${outTradeNo}`;
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        msg: 'wechatpay retry',
        method: 'GET',
        template: QUERY,
        path,
        sync: mode === 'sync',
        attempt: 1,
        host: host().host,
        nextHost: host().host,
        delayMs: expect.any(Number),
        status: 503,
        requestId: expect.stringMatching(/^[0-9A-F]{32}$/),
        error: { name: 'ApiError', code: 'SYSTEM_ERROR', message: expect.stringContaining('SYSTEM_ERROR') },
      },
      {
        msg: 'wechatpay call',
        method: 'GET',
        template: QUERY,
        sync: mode === 'sync',
        host: host().host,
        path,
        status: 200,
        requestId: response.headers.get('Request-ID'),
        attempts: 2,
        durationMs: expect.any(Number),
      },
    ]);
  });

  it.each(['sync', 'async'] as const)('keeps every secret out of the lines of %s calls, downloads included', async (mode) => {
    await failOnce(`LOG-SECRET-${mode}`);
    const node = untyped.chain(QUERY);
    const options = { out_trade_no: `LOG-SECRET-${mode}`, query: { mchid: simulator.mchid } };
    await outcome(() => (mode === 'sync' ? node.get(options) : node.getAsync(options)));
    if (mode === 'sync') instance.chain(SEED).post({ out_order_no: 'LOG-SECRET', json: ORDER });
    else await instance.chain(SEED).postAsync({ out_order_no: 'LOG-SECRET', json: ORDER });
    await downloads(mode);
    expect(lines).toHaveLength(4);
    await expectNoSecret(lines.join('\n'));
  });
});
