import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { Builder, ConfigError, TransportError, undiciTransport, type ClientConfig, type Wechatpay } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { connectProxy } from '../support/connect-proxy.js';
import { rejection, thrown } from '../support/failures.js';
import { fixture } from '../support/fixtures.js';
import { ORDER, SEED } from '../support/simulated.js';

const SECRET = fixture('apiv2-key.txt').trim();
const TLS = { ca: fixture('tls-ca.pem'), cert: fixture('tls-server.pem'), key: fixture('tls-server-key.pem') };
const MERCHANT = { cert: fixture('tls-client.pem'), key: fixture('tls-client-key.pem') };
const PASSWORD = 'pa ss:w0rd';
/** What the proxy that asks for credentials expects: `user` and PASSWORD, as Basic. */
const BASIC = `Basic ${Buffer.from(`user:${PASSWORD}`).toString('base64')}`;
const WITH_CREDENTIALS = (port: number, password = PASSWORD) => `http://user:${encodeURIComponent(password)}@127.0.0.1:${port}`;

const proxy = connectProxy();
const guarded = connectProxy({ auth: BASIC });
const state = {} as { simulator: Simulator; clients: Wechatpay[] };

beforeAll(async () => {
  // In a worker thread: synchronous calls block this one.
  state.simulator = await startSimulator({ worker: true, v2: { secret: SECRET, tls: TLS } });
  state.clients = [];
});
afterAll(async () => {
  await Promise.all(state.clients.map((client) => client.getDriver().close()));
  await state.simulator?.close();
});

/** An APIv3 client of the simulator's plain HTTP listener (following the environment, unless `config` says otherwise). */
function client(config: Partial<ClientConfig> = {}): Wechatpay {
  // The simulator's config says proxy: false; these tests are about what happens without it.
  const instance = Builder.factory({ ...state.simulator.config, proxy: undefined, ...config });
  state.clients.push(instance);
  return instance;
}

/** An APIv2 client of the simulator's mutual-TLS listener, with the merchant certificate. */
function secureClient(config: Partial<ClientConfig> = {}): Wechatpay {
  const { simulator } = state;
  return client({
    mchid: simulator.mchid,
    secret: SECRET,
    merchant: MERCHANT,
    tls: { ca: TLS.ca },
    baseURL: simulator.secureBaseURL,
    serial: undefined,
    privateKey: undefined,
    certs: undefined,
    ...config,
  });
}

const refund = () => ({
  appid: 'wx2421b1c4370ec43b',
  mch_id: state.simulator.mchid,
  out_trade_no: '1415757673',
  out_refund_no: 'R1415757673',
  total_fee: 1,
  refund_fee: 1,
});

const complete = (instance: Wechatpay, outOrderNo: string) => instance.chain(SEED).post({ out_order_no: outOrderNo, json: ORDER });
const completeAsync = (instance: Wechatpay, outOrderNo: string) => instance.chain(SEED).postAsync({ out_order_no: outOrderNo, json: ORDER });
const port = (url: string | undefined) => new URL(url as string).port;

/** Runs `make` with these variables set (undefined: removed), then puts process.env back as it was. */
function withEnv<T>(variables: Record<string, string | undefined>, make: () => T): T {
  const names = new Set(Object.keys(variables).flatMap((name) => [name, name.toLowerCase()]));
  const saved = new Map([...names].map((name) => [name, process.env[name]]));
  try {
    for (const name of names) delete process.env[name];
    for (const [name, value] of Object.entries(variables)) if (value !== undefined) process.env[name] = value;
    return make();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const NO_PROXY_VARIABLES = { HTTP_PROXY: undefined, HTTPS_PROXY: undefined, NO_PROXY: undefined };

describe('the proxy option', () => {
  it("carries asynchronous and synchronous calls, each mode's pool through its own CONNECT tunnel (undici tunnels http targets too)", async () => {
    const instance = client({ proxy: proxy.url });
    const before = proxy.counts();

    expect((await completeAsync(instance, 'proxy-async-1')).status).toBe(200);
    const afterAsync = proxy.counts();
    expect(complete(instance, 'proxy-sync-1').status).toBe(200);
    const afterSync = proxy.counts();
    expect((await completeAsync(instance, 'proxy-async-2')).status).toBe(200);
    expect(complete(instance, 'proxy-sync-2').status).toBe(200);

    // The first call of each mode opens its pool's first tunnel; undici's own keep-alive decides the rest.
    expect(afterAsync).toEqual({ tunnels: before.tunnels + 1, relayed: before.relayed });
    expect(afterSync).toEqual({ tunnels: before.tunnels + 2, relayed: before.relayed });
    const target = `127.0.0.1:${port(state.simulator.config.baseURL)}`;
    const requests = (await proxy.requests()).slice(before.tunnels);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests).toEqual(requests.map(() => ({ method: 'CONNECT', target, authorization: null })));
    const received = (await state.simulator.received()).slice(-4).map((request) => request.target.split('/')[4]);
    expect(received).toEqual(['proxy-async-1', 'proxy-sync-1', 'proxy-async-2', 'proxy-sync-2']);
  });

  it('carries the mutual-TLS pool too, which presents the merchant certificate through the tunnel', async () => {
    const instance = secureClient({ proxy: proxy.url });
    const before = proxy.counts().tunnels;

    const asyncAnswer = (await instance.v2.secapi.pay.refund.postAsync({ xml: refund(), security: true })).xml();
    const syncAnswer = instance.v2.secapi.pay.refund.post({ xml: refund(), security: true }).xml();

    expect(asyncAnswer).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS' });
    expect(syncAnswer).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS' });
    expect(proxy.counts().tunnels).toBe(before + 2);
    const target = `127.0.0.1:${port(state.simulator.secureBaseURL)}`;
    expect((await proxy.requests()).slice(before).map((request) => `${request.method} ${request.target}`)).toEqual([
      `CONNECT ${target}`,
      `CONNECT ${target}`,
    ]);
  });

  it("sends the proxy URL's credentials as Basic Proxy-Authorization, in both modes", async () => {
    const instance = client({ proxy: WITH_CREDENTIALS(guarded.port) });

    expect((await completeAsync(instance, 'guarded-async')).status).toBe(200);
    expect(complete(instance, 'guarded-sync').status).toBe(200);

    expect((await guarded.requests()).slice(-2).map((request) => request.authorization)).toEqual([BASIC, BASIC]);
  });

  it('sends { uri, token } as the Proxy-Authorization value, in both modes', async () => {
    const instance = client({ proxy: { uri: guarded.url, token: BASIC } });

    expect((await completeAsync(instance, 'token-async')).status).toBe(200);
    expect(complete(instance, 'token-sync').status).toBe(200);

    expect((await guarded.requests()).slice(-2).map((request) => request.authorization)).toEqual([BASIC, BASIC]);
  });

  it('a proxy that refuses the credentials fails the call as a TransportError that never shows the password', async () => {
    const instance = client({ proxy: WITH_CREDENTIALS(guarded.port, 'hunter2-wrong') });
    const before = (await state.simulator.received()).length;

    const errors = [await rejection(completeAsync(instance, 'refused-async')), thrown(() => complete(instance, 'refused-sync'))];

    for (const error of errors) {
      expect(error).toBeInstanceOf(TransportError);
      expect(((error as TransportError).cause as Error).message).toContain('407');
      expect(JSON.stringify({ ...(error as TransportError).toJSON(), message: (error as Error).message })).not.toContain('hunter2');
    }
    expect((await state.simulator.received()).length).toBe(before);
  });

  it('false ignores HTTP_PROXY and HTTPS_PROXY', async () => {
    const instance = withEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: undefined }, () => client({ proxy: false }));
    const before = proxy.counts();

    expect((await completeAsync(instance, 'no-proxy-async')).status).toBe(200);
    expect(complete(instance, 'no-proxy-sync').status).toBe(200);

    expect(proxy.counts()).toEqual(before);
  });

  it("false goes with a transport or dispatcher of one's own", async () => {
    const instance = client({ proxy: false, dispatcher: new Agent() });

    expect((await completeAsync(instance, 'false-with-dispatcher')).status).toBe(200);
  });

  it("is false in the simulator's config: a client of the simulator ignores the variables", async () => {
    const instance = withEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: undefined }, () => Builder.factory(state.simulator.config));
    state.clients.push(instance);
    const before = proxy.counts();

    expect(state.simulator.config.proxy).toBe(false);
    expect((await completeAsync(instance, 'simulator-config-async')).status).toBe(200);
    expect(complete(instance, 'simulator-config-sync').status).toBe(200);

    expect(proxy.counts()).toEqual(before);
  });

  it('also serves undiciTransport() on its own', async () => {
    const transport = undiciTransport({ proxy: proxy.url });
    const instance = client({ transport });
    const before = proxy.counts().tunnels;

    expect((await completeAsync(instance, 'transport-async')).status).toBe(200);

    expect(proxy.counts().tunnels).toBe(before + 1);
  });
});

describe('HTTP_PROXY, HTTPS_PROXY and NO_PROXY', () => {
  it('HTTP_PROXY carries calls to an http: server in both modes, as the variables were when the client was made', async () => {
    const instance = withEnv({ ...NO_PROXY_VARIABLES, HTTP_PROXY: proxy.url }, () => client());
    // Made later, without the variable: it goes straight to the server.
    const direct = withEnv(NO_PROXY_VARIABLES, () => client());
    const before = proxy.counts();

    expect((await completeAsync(instance, 'env-async')).status).toBe(200);
    expect(complete(instance, 'env-sync').status).toBe(200);
    const proxied = proxy.counts();
    expect((await completeAsync(direct, 'direct-async')).status).toBe(200);
    expect(complete(direct, 'direct-sync').status).toBe(200);

    expect(proxied).toEqual({ tunnels: before.tunnels + 2, relayed: before.relayed });
    expect(proxy.counts()).toEqual(proxied);
  });

  it('lower-case names count too, before upper-case ones (as undici and curl read them)', async () => {
    const instance = withEnv({ ...NO_PROXY_VARIABLES, http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:1' }, () => client());
    const before = proxy.counts().tunnels;

    expect(complete(instance, 'lower-sync').status).toBe(200);

    expect(proxy.counts().tunnels).toBe(before + 1);
  });

  it('HTTPS_PROXY carries https: calls (the mutual-TLS ones too) and leaves http: ones alone', async () => {
    const secure = withEnv({ ...NO_PROXY_VARIABLES, HTTPS_PROXY: proxy.url }, () => secureClient());
    const plain = withEnv({ ...NO_PROXY_VARIABLES, HTTPS_PROXY: proxy.url }, () => client());
    const before = proxy.counts().tunnels;

    expect((await plain.chain(SEED).postAsync({ out_order_no: 'https-env-plain', json: ORDER })).status).toBe(200);
    expect(complete(plain, 'https-env-plain-sync').status).toBe(200);
    expect(proxy.counts().tunnels).toBe(before);

    expect((await secure.v2.secapi.pay.refund.postAsync({ xml: refund(), security: true })).xml().result_code).toBe('SUCCESS');
    expect(secure.v2.secapi.pay.refund.post({ xml: refund(), security: true }).xml().result_code).toBe('SUCCESS');
    expect(proxy.counts().tunnels).toBe(before + 2);
  });

  it.each([
    ['the host', '127.0.0.1'],
    ['the host and port', () => `127.0.0.1:${port(state.simulator.config.baseURL)}`],
    ['a list with the host', () => `example.com, 127.0.0.1`],
    ['*', '*'],
  ])('NO_PROXY naming %s sends both modes straight to the server', async (_, noProxy) => {
    const value = typeof noProxy === 'function' ? noProxy() : noProxy;
    const instance = withEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: value }, () => client());
    const before = proxy.counts();

    expect((await completeAsync(instance, 'bypass-async')).status).toBe(200);
    expect(complete(instance, 'bypass-sync').status).toBe(200);

    expect(proxy.counts()).toEqual(before);
  });

  it('NO_PROXY naming another host leaves the proxy in use', async () => {
    const instance = withEnv({ HTTP_PROXY: proxy.url, NO_PROXY: 'api.mch.weixin.qq.com,127.0.0.1:1' }, () => client());
    const before = proxy.counts().tunnels;

    expect(complete(instance, 'not-bypassed').status).toBe(200);

    expect(proxy.counts().tunnels).toBe(before + 1);
  });
});

describe('a bad proxy is refused when the client is made', () => {
  it.each([
    ['not a URL', 'not a url', 'proxy', /^proxy: is not a URL/],
    ['a URL without its scheme', 'proxy.internal:3128', 'proxy', /^proxy: must be an http: or https: URL .*not proxy\.internal:\/\/…$/],
    [
      'a scheme undici cannot proxy',
      'socks5://user:hunter2@127.0.0.1:1080',
      'proxy',
      /^proxy: must be an http: or https: URL .*not socks5:\/\/127\.0\.0\.1:1080…$/,
    ],
    ['a number', 3128, 'proxy', /^proxy: must be a proxy URL/],
    ['true', true, 'proxy', /^proxy: must be a proxy URL/],
    ['an object without uri', { url: 'http://127.0.0.1:1' }, 'proxy.url', /^proxy\.url: is not an option of proxy \(did you mean uri\?\)/],
    ['a token with a line break', { uri: 'http://127.0.0.1:1', token: 'Basic hunter2\r\nX-Evil: 1' }, 'proxy.token', /^proxy\.token: must be/],
    ['an empty token', { uri: 'http://127.0.0.1:1', token: ' ' }, 'proxy.token', /^proxy\.token: must be/],
    ['a uri that is no URL', { uri: 'http://user:hunter2@' }, 'proxy.uri', /^proxy\.uri: is not a URL/],
  ])('%s: a ConfigError naming it, without the password', (_, value, field, message) => {
    const error = thrown(() => Builder.factory({ ...state.simulator.config, proxy: value as ClientConfig['proxy'] }));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field, code: 'ERR_CONFIG' });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    ['HTTPS_PROXY', 'ftp://user:hunter2@127.0.0.1:21'],
    ['https_proxy', 'socks5://user:hunter2@127.0.0.1:1080'],
    ['HTTP_PROXY', 'http://user:hunter2@'],
  ])('%s from the environment: a ConfigError naming the variable, without the password', (name, value) => {
    const error = thrown(() =>
      withEnv({ ...NO_PROXY_VARIABLES, [name]: value }, () => Builder.factory({ ...state.simulator.config, proxy: undefined })),
    );

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(name);
    expect(error.message).not.toContain('hunter2');
  });

  it('a variable without a scheme is taken as http://, as curl takes it', async () => {
    const instance = withEnv({ ...NO_PROXY_VARIABLES, HTTP_PROXY: `127.0.0.1:${proxy.port}` }, () => client());
    const before = proxy.counts().tunnels;

    expect(complete(instance, 'schemeless').status).toBe(200);

    expect(proxy.counts().tunnels).toBe(before + 1);
  });

  it.each([
    ['dispatcher', () => ({ dispatcher: new Agent() })],
    ['transport', () => ({ transport: undiciTransport() })],
  ])('proxy with %s: a ConfigError naming proxy', (other, make) => {
    const error = thrown(() => Builder.factory({ ...state.simulator.config, proxy: proxy.url, ...make() }));

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('proxy');
    expect(error.message).toContain(`cannot be combined with ${other}`);
  });

  it('nothing reaches the proxy or the server', async () => {
    const before = { proxy: proxy.counts(), received: (await state.simulator.received()).length };

    thrown(() => Builder.factory({ ...state.simulator.config, proxy: { uri: proxy.url, token: 'a\nb' } }));

    expect({ proxy: proxy.counts(), received: (await state.simulator.received()).length }).toEqual(before);
  });
});
