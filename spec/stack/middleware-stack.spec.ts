import { createPrivateKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError, ConfigError, MiddlewareStack, andThen, copyHeaders, tryThen, type Middleware, type WechatpayResponse } from 'wechatpay-ts';
import { ORDER, SEED, simulated } from '../support/simulated.js';

/** The parameters of a WECHATPAY2-SHA256-RSA2048 Authorization header. */
function authorizationOf(header: string | undefined): Record<string, string> {
  return Object.fromEntries([...(header ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name as string, value as string]));
}

const pass: Middleware = (request, next) => next(request);

describe('MiddlewareStack', () => {
  it('keeps names in order through push, unshift, before, after and remove', () => {
    const stack = new MiddlewareStack().push(pass, 'signer').push(pass, 'verifier');
    stack.unshift(pass, 'retry').before('verifier', pass, 'log').after('signer', pass, 'metrics').push(pass, 'last');
    expect(stack.names).toEqual(['retry', 'signer', 'metrics', 'log', 'verifier', 'last']);
    stack.remove('metrics').remove('retry');
    expect(stack.names).toEqual(['signer', 'log', 'verifier', 'last']);
    expect(String(stack)).toBe('signer > log > verifier > last > (transport)');
  });

  it('refuses unknown and duplicate names', () => {
    const stack = new MiddlewareStack().push(pass, 'signer');
    expect(() => stack.remove('nope')).toThrow(ConfigError);
    expect(() => stack.before('nope', pass, 'x')).toThrow(/middleware 'nope': is not in the stack \(signer\)/);
    expect(() => stack.push(pass, 'signer')).toThrow(/already in the stack/);
    expect(() => stack.push('x' as unknown as Middleware, 'x')).toThrow(/must be a function/);
    expect(stack.names).toEqual(['signer']);
  });
});

describe('a client stack', () => {
  const env = simulated();

  it('runs middleware outermost first on the way in and last on the way out, in both modes', async () => {
    const driver = env.instance.getDriver();
    const trace: string[] = [];
    const tracer =
      (name: string): Middleware =>
      (request, next) => {
        trace.push(`${name}>${request.headers.has('Authorization') ? 'signed' : 'unsigned'}`);
        return andThen(next(request), (response) => {
          trace.push(`<${name} ${response.status}`);
          return response;
        });
      };
    driver.stack.unshift(tracer('outer'), 'outer').push(tracer('inner'), 'inner');
    try {
      env.instance.chain(SEED).post({ out_order_no: 'ORD1', json: ORDER });
      await env.instance.chain(SEED).postAsync({ out_order_no: 'ORD2', json: ORDER });
    } finally {
      driver.stack.remove('outer').remove('inner');
    }
    const once = ['outer>unsigned', 'inner>signed', '<inner 200', '<outer 200'];
    expect(trace).toEqual([...once, ...once]);
  });

  it('serves one user middleware in both modes, errors included (tryThen)', async () => {
    const driver = env.instance.getDriver();
    const seen: string[] = [];
    const logger: Middleware = (request, next) =>
      tryThen(
        () => next(request),
        (response) => {
          seen.push(`${request.sync ? 'sync' : 'async'} ${request.method} ${request.url.pathname} ${response.status}`);
          return response;
        },
        (error) => {
          seen.push(`${request.sync ? 'sync' : 'async'} ${request.method} ${request.url.pathname} ${(error as ApiError).code}`);
          throw error;
        },
      );
    driver.stack.unshift(logger, 'logger');
    try {
      env.instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no: 'LOG1', json: ORDER });
      await env.instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no: 'LOG2', json: ORDER });
      expect(() => env.instance.v3.nothing.get()).toThrow(ApiError);
      await expect(env.instance.v3.nothing.getAsync()).rejects.toThrow(ApiError);
    } finally {
      driver.stack.remove('logger');
    }
    expect(seen).toEqual([
      'sync POST /v3/payscore/smartretail-orders/LOG1/complete 200',
      'async POST /v3/payscore/smartretail-orders/LOG2/complete 200',
      'sync GET /v3/nothing NOT_FOUND',
      'async GET /v3/nothing NOT_FOUND',
    ]);
  });
});

describe('a replaced signer', () => {
  const env = simulated();

  it('signs in both modes (e.g. a remote or HSM signing service)', async () => {
    const { simulator } = env;
    const driver = env.instance.getDriver();
    const key = createPrivateKey(simulator.merchant.privateKey!);
    let signed = 0;
    // What a signing service would do, written with node:crypto only.
    const remoteSigner: Middleware = (request, next) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = `N${signed++}${Date.now()}`.padEnd(32, 'x');
      const target = request.url.pathname + request.url.search;
      const message = Buffer.concat([
        Buffer.from(`${request.method}\n${target}\n${timestamp}\n${nonce}\n`),
        request.body ?? Buffer.alloc(0),
        Buffer.from('\n'),
      ]);
      const signature = sign('sha256', message, key).toString('base64');
      const headers = copyHeaders(request.headers);
      headers.set(
        'Authorization',
        `WECHATPAY2-SHA256-RSA2048 mchid="${simulator.mchid}",serial_no="${simulator.merchant.serial}",timestamp="${timestamp}",nonce_str="${nonce}",signature="${signature}"`,
      );
      return next({ ...request, headers });
    };
    driver.stack.remove('signer').unshift(remoteSigner, 'signer');
    expect(env.instance.chain(SEED).post({ out_order_no: 'REM1', json: ORDER }).status).toBe(200);
    expect((await env.instance.chain(SEED).postAsync({ out_order_no: 'REM2', json: ORDER })).status).toBe(200);
    expect(signed).toBe(2);
    const sent = (await env.simulator.received()).slice(-2).map((r) => /nonce_str="([^"]+)"/.exec(r.headers.authorization!)?.[1]);
    expect(sent).toEqual([expect.stringMatching(/^N0/), expect.stringMatching(/^N1/)]);
  });
});

describe('an asynchronous middleware', () => {
  const env = simulated();

  async function attempt(middleware: Middleware, name: string): Promise<{ sync: unknown; async: WechatpayResponse; sent: number }> {
    const driver = env.instance.getDriver();
    driver.stack.before('signer', middleware, name);
    try {
      const before = (await env.simulator.received()).length;
      let sync: unknown;
      try {
        env.instance.chain(SEED).post({ out_order_no: 'ASYNC1', json: ORDER });
      } catch (error) {
        sync = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sent = (await env.simulator.received()).length - before;
      const async = await env.instance.chain(SEED).postAsync({ out_order_no: 'ASYNC2', json: ORDER });
      return { sync, async, sent };
    } finally {
      driver.stack.remove(name);
    }
  }

  it('fails a synchronous call naming it, sends nothing, and serves asynchronous calls (async function)', async () => {
    const remote: Middleware = async (request, next) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return next(request);
    };
    const { sync, async, sent } = await attempt(remote, 'remote_signer');
    expect(sync).toBeInstanceOf(ConfigError);
    expect(sync).toMatchObject({ code: 'ERR_ASYNC_MIDDLEWARE', field: "middleware 'remote_signer'" });
    expect((sync as Error).message).toMatch(/use the Async verb/);
    expect(sent).toBe(0);
    expect(async.status).toBe(200);
  });

  it('fails the same way when a plain function returns a promise, and never sends late', async () => {
    const later: Middleware = (request, next) => new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => next(request));
    const { sync, async, sent } = await attempt(later, 'later');
    expect(sync).toMatchObject({ name: 'ConfigError', code: 'ERR_ASYNC_MIDDLEWARE', field: "middleware 'later'" });
    expect(sent).toBe(0);
    expect(async.status).toBe(200);
  });

  it('says so when the request was already sent before the promise came back', async () => {
    const wrapped: Middleware = (request, next) => Promise.resolve(next(request));
    const { sync, sent } = await attempt(wrapped, 'wrapped');
    expect(sync).toMatchObject({ name: 'ConfigError', code: 'ERR_ASYNC_MIDDLEWARE' });
    expect((sync as Error).message).toMatch(
      /already been sent and answered \(status 200, Request-ID [0-9A-F]{32}\), check its outcome before retrying$/,
    );
    expect(sent).toBe(1);
  });
});

describe('the copy rule', () => {
  // Each signature gets its own second, so a reused timestamp would show.
  let tick = 0;
  const env = simulated({}, { clock: () => Date.now() + 1000 * tick++ });

  it('gives a middleware that calls next twice two independently signed requests, and leaves its own untouched (sync and async)', async () => {
    const driver = env.instance.getDriver();
    const held: Array<{ authorization: string | null; serial: string | null }> = [];
    const twice: Middleware = (request, next) => {
      const first = next(request);
      return andThen(first, () => {
        held.push({ authorization: request.headers.get('Authorization'), serial: request.headers.get('Wechatpay-Serial') });
        return next(request);
      });
    };
    driver.stack.unshift(twice, 'twice');
    try {
      const before = (await env.simulator.received()).length;
      expect(env.instance.chain(SEED).post({ out_order_no: 'TWICE1', json: ORDER }).status).toBe(200);
      expect((await env.instance.chain(SEED).postAsync({ out_order_no: 'TWICE2', json: ORDER })).status).toBe(200);
      const sent = (await env.simulator.received()).slice(before);
      expect(sent.map((r) => r.target)).toEqual([
        '/v3/payscore/smartretail-orders/TWICE1/complete',
        '/v3/payscore/smartretail-orders/TWICE1/complete',
        '/v3/payscore/smartretail-orders/TWICE2/complete',
        '/v3/payscore/smartretail-orders/TWICE2/complete',
      ]);
      const signed = sent.map((r) => authorizationOf(r.headers.authorization));
      for (const pair of [signed.slice(0, 2), signed.slice(2, 4)]) {
        const [one, two] = pair as [Record<string, string>, Record<string, string>];
        expect(one.nonce_str).toMatch(/^\w{32}$/);
        expect(two.nonce_str).not.toBe(one.nonce_str);
        expect(two.timestamp).not.toBe(one.timestamp);
        expect(two.signature).not.toBe(one.signature);
      }
      // The outer middleware still holds the request as it gave it: unsigned, without the signer's serial.
      expect(held).toEqual([
        { authorization: null, serial: null },
        { authorization: null, serial: null },
      ]);
    } finally {
      driver.stack.remove('twice');
    }
  });
});

describe('a middleware that answers nothing', () => {
  const env = simulated();

  it('fails the call with a ConfigError naming it, and nothing is sent (sync and async)', async () => {
    const driver = env.instance.getDriver();
    const silent: Middleware = () => undefined as unknown as WechatpayResponse;
    const late: Middleware = async () => undefined as unknown as WechatpayResponse;
    const before = (await env.simulator.received()).length;
    driver.stack.before('signer', silent, 'silent');
    try {
      expect(() => env.instance.chain(SEED).post({ out_order_no: 'NONE1', json: ORDER })).toThrow(
        expect.objectContaining({
          name: 'ConfigError',
          code: 'ERR_MIDDLEWARE_NO_RESPONSE',
          message: expect.stringMatching(/^middleware 'silent': returned undefined instead of a response/),
        }),
      );
      await expect(env.instance.chain(SEED).postAsync({ out_order_no: 'NONE2', json: ORDER })).rejects.toMatchObject({
        code: 'ERR_MIDDLEWARE_NO_RESPONSE',
      });
    } finally {
      driver.stack.remove('silent');
    }
    driver.stack.before('signer', late, 'late');
    try {
      await expect(env.instance.chain(SEED).postAsync({ out_order_no: 'NONE3', json: ORDER })).rejects.toMatchObject({
        name: 'ConfigError',
        code: 'ERR_MIDDLEWARE_NO_RESPONSE',
        message: expect.stringMatching(/^middleware 'late': returned undefined/),
      });
    } finally {
      driver.stack.remove('late');
    }
    expect((await env.simulator.received()).length).toBe(before);
  });
});
