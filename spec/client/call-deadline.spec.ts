import { afterAll, describe, expect, it } from 'vitest';
import {
  Builder,
  TransportError,
  WechatpayResponse,
  andThen,
  fetchTransport,
  type Middleware,
  type Transport,
  type UntypedWechatpay,
} from 'wechatpay-ts';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture } from '../support/fixtures.js';
import { failure, rejection, thrown } from '../support/failures.js';
import { scriptedServer } from '../support/scripted-server.js';

const env = scriptedServer();

/** The requests the server got on `path` so far. */
async function hits(path: string): Promise<number> {
  return (await env.stats()).hits[path] ?? 0;
}

/** Runs `run` with `middleware` innermost in the stack (after the verifier), then takes it out again. */
async function withMiddleware<T>(instance: UntypedWechatpay, middleware: Middleware, run: () => Promise<T> | T): Promise<T> {
  const { stack } = instance.getDriver();
  stack.push(middleware, 'under-test');
  try {
    return await run();
  } finally {
    stack.remove('under-test');
  }
}

/** Blocks this thread, as a slow synchronous middleware would. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

function expectTimeout(error: unknown, message: RegExp): void {
  expect(error).toBeInstanceOf(TransportError);
  expect(error).toMatchObject({ name: 'TransportError', reason: 'timeout', code: 'ERR_TRANSPORT_TIMEOUT' });
  expect((error as Error).message).toMatch(message);
}

let fetching: UntypedWechatpay | undefined;
afterAll(() => fetching?.getDriver().close());
const clients = (): Array<[string, UntypedWechatpay]> => [
  ['undici', env.instance],
  [
    'fetch',
    (fetching ??= Builder.factory<'untyped'>({
      mchid: '1900000001',
      serial: MERCHANT_SERIAL,
      privateKey: fixture('merchant-key.pem'),
      certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
      baseURL: env.url,
      transport: fetchTransport(),
    })),
  ],
];

describe('the timeout of an asynchronous call bounds its middleware too', () => {
  it('ends a call whose middleware never calls next, and nothing is sent', async () => {
    const before = await hits('/v3/script/answer');
    const error = await withMiddleware(
      env.instance,
      () => new Promise(() => undefined),
      () => rejection(env.instance.chain('v3/script/answer').getAsync({ timeout: 300 })),
    );
    expectTimeout(error, /^GET http:\/\/127\.0\.0\.1:\d+\/v3\/script\/answer timed out after 300 ms$/);
    expect(await hits('/v3/script/answer')).toBe(before);
  });

  it('ends a call whose middleware never settles once the answer is in', async () => {
    const before = await hits('/v3/script/answer');
    const hang: Middleware = (request, next) => andThen(next(request), () => new Promise(() => undefined));
    const error = await withMiddleware(env.instance, hang, () => rejection(env.instance.chain('v3/script/answer').getAsync({ timeout: 300 })));
    expectTimeout(error, /timed out after 300 ms$/);
    expect(await hits('/v3/script/answer')).toBe(before + 1);
  });

  it('ends it at the signal too: a hung middleware cannot outlive an abort', async () => {
    const controller = new AbortController();
    const pending = withMiddleware(
      env.instance,
      () => new Promise(() => undefined),
      () => rejection(env.instance.chain('v3/script/answer').getAsync({ timeout: 60_000, signal: controller.signal })),
    );
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ name: 'TransportError', reason: 'aborted' });
  });

  it('never lets a middleware that resumes after the deadline send the call late, whatever the transport', async () => {
    const sent: string[] = [];
    const transport: Transport = {
      name: 'recording',
      async send(request) {
        sent.push(request.url.href);
        return new WechatpayResponse(204, new Headers(), new Uint8Array(0));
      },
      async close() {},
    };
    const instance = Builder.factory<'untyped'>({
      mchid: '1900000001',
      serial: MERCHANT_SERIAL,
      privateKey: fixture('merchant-key.pem'),
      certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
      baseURL: env.url,
      transport,
    });
    const late: Middleware = (request, next) => new Promise((resolve) => setTimeout(resolve, 300)).then(() => next(request));
    const error = await withMiddleware(instance, late, () => rejection(instance.chain('v3/script/answer').getAsync({ timeout: 100 })));
    expectTimeout(error, /timed out after 100 ms$/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent).toEqual([]);
  });

  it('takes the longest timeout a timer allows (2^31 - 1 ms) without ending at once', async () => {
    const response = await env.instance.chain('v3/script/slow').getAsync({ query: { ms: 50 }, timeout: 2 ** 31 - 1 });
    expect(response.json()).toEqual({ ok: true });
  });
});

describe.each(['undici', 'fetch'])('AbortSignal.timeout() given as the signal (%s)', (name) => {
  const instance = () => clients().find(([label]) => label === name)![1];

  it('ends a slow answer as a timeout, not an abort', async () => {
    const error = await rejection(
      instance()
        .chain('v3/script/slow')
        .getAsync({ query: { ms: 3000 }, timeout: 20_000, signal: AbortSignal.timeout(150) }),
    );
    expectTimeout(error, /timed out \(its signal's timeout\)$/);
  });

  it('ends a hung middleware as a timeout too', async () => {
    const error = await withMiddleware(
      instance(),
      () => new Promise(() => undefined),
      () =>
        rejection(
          instance()
            .chain('v3/script/answer')
            .getAsync({ timeout: 20_000, signal: AbortSignal.timeout(150) }),
        ),
    );
    expectTimeout(error, /timed out \(its signal's timeout\)$/);
  });
});

describe('the timeout of a synchronous call', () => {
  it('leaves the exchange only what the middleware left of it, not a fresh timeout', async () => {
    // 400 ms of middleware, then an answer 500 ms away: 900 ms in all, past the call's 700 ms.
    const slow: Middleware = (request, next) => {
      busy(400);
      return next(request);
    };
    const error = await withMiddleware(env.instance, slow, () =>
      thrown(() => env.instance.chain('v3/script/slow').get({ query: { ms: 500 }, timeout: 700 })),
    );
    expectTimeout(error, /timed out after 700 ms$/);
  });

  it('sends nothing once the middleware used all of it', async () => {
    const before = await hits('/v3/script/answer');
    const slow: Middleware = (request, next) => {
      busy(350);
      return next(request);
    };
    const error = await withMiddleware(env.instance, slow, () => thrown(() => env.instance.chain('v3/script/answer').get({ timeout: 300 })));
    expectTimeout(error, /timed out after 300 ms, before it was sent$/);
    expect(await hits('/v3/script/answer')).toBe(before);
  });

  it('still succeeds when middleware and exchange fit in it', async () => {
    const slow: Middleware = (request, next) => {
      busy(100);
      return next(request);
    };
    const response = await withMiddleware(env.instance, slow, () => env.instance.chain('v3/script/slow').get({ query: { ms: 100 }, timeout: 5000 }));
    expect(response.json()).toEqual({ ok: true });
  });

  it('refuses a timeout past a timer in either mode, before sending', async () => {
    const before = await hits('/v3/script/answer');
    for (const mode of ['sync', 'async'] as const) {
      const node = env.instance.chain('v3/script/answer');
      const error = await failure(() => (mode === 'sync' ? node.get({ timeout: 2 ** 31 }) : node.getAsync({ timeout: 2 ** 31 })));
      expect(error).toMatchObject({ name: 'ParameterError', parameter: 'timeout' });
    }
    expect(await hits('/v3/script/answer')).toBe(before);
  });
});
