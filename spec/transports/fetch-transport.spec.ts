import { generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, Builder, ConfigError, VerificationError, fetchTransport, type WechatpayResponse, type Wechatpay } from 'wechatpay-ts';
import { rejection } from '../support/failures.js';

const MCHID = '1900000001';
const SERIAL = '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C';
const PUBLIC_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
const BASE = 'https://api.mch.weixin.qq.com';
const COMPLETE = `${BASE}/v3/payscore/smartretail-orders/:out_order_no/complete`;

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platformPair = generateKeyPairSync('rsa', { modulusLength: 2048 });

const ORDER = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 } as const;
/** The bytes the client must send for ORDER: keys sorted, no spaces (written out by hand, not by the client). */
const ORDER_BYTES = '{"appid":"wxd678efh567hg6787","finish_type":2,"service_id":"500001","total_amount":1200}';

function client(privateKey: KeyObject = merchant.privateKey): Wechatpay {
  return Builder.factory({
    mchid: MCHID,
    serial: SERIAL,
    privateKey,
    certs: { [PUBLIC_KEY_ID]: platformPair.publicKey },
    baseURL: `${BASE}/`,
    transport: fetchTransport(),
  });
}

/** What the handler saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The independent check of the Authorization header: undefined when it is good, else the problem. */
  problem: string | undefined;
}

const AUTHORIZATION = /^WECHATPAY2-SHA256-RSA2048 mchid="([^"]*)",serial_no="([^"]*)",timestamp="([^"]*)",nonce_str="([^"]*)",signature="([^"]*)"$/;

/** Checks the Authorization header with node:crypto alone, as WeChat Pay would. */
function checkAuthorization(method: string, url: URL, header: string | null, body: Buffer): string | undefined {
  const match = AUTHORIZATION.exec(header ?? '');
  if (!match) return `malformed Authorization: ${header}`;
  const [, mchid, serialNo, timestamp, nonce, signature] = match as unknown as [string, string, string, string, string, string];
  if (mchid !== MCHID) return `mchid ${mchid}`;
  if (serialNo !== SERIAL) return `serial_no ${serialNo}`;
  if (!/^\d{10}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return `timestamp ${timestamp}`;
  if (!/^[0-9A-Za-z]{16,32}$/.test(nonce)) return `nonce_str ${nonce}`;
  const message = Buffer.concat([Buffer.from(`${method}\n${url.pathname}${url.search}\n${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]);
  if (!verify('sha256', message, merchant.publicKey, Buffer.from(signature, 'base64'))) return 'signature does not match';
  return undefined;
}

/** A JSON answer signed with the platform key; `alter` changes the bytes after signing. */
function signedJson(payload: unknown, requestId: string, alter: (text: string) => string = (text) => text): HttpResponse<string> {
  const text = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${text}\n`), platformPair.privateKey).toString('base64');
  return new HttpResponse(alter(text), {
    status: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Request-ID': requestId,
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': signature,
      'Wechatpay-Serial': PUBLIC_KEY_ID,
    },
  });
}

const seen: Seen[] = [];
/** Every request msw intercepted, handled or not. */
const intercepted: string[] = [];

function completeHandler(alter?: (text: string) => string) {
  return http.post(COMPLETE, async ({ request, params }) => {
    const body = Buffer.from(await request.arrayBuffer());
    const url = new URL(request.url);
    const problem = checkAuthorization(request.method, url, request.headers.get('Authorization'), body);
    seen.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: body.toString('utf8'), problem });
    if (problem) return HttpResponse.json({ code: 'SIGN_ERROR', message: problem }, { status: 401 });
    const order = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const reply = {
      appid: order.appid,
      mchid: MCHID,
      out_order_no: params.out_order_no,
      service_id: order.service_id,
      order_id: '15646546545165651651',
    };
    return signedJson(reply, `REQ-${String(params.out_order_no)}`, alter);
  });
}

const server = setupServer(completeHandler());
server.events.on('request:start', ({ request }) => {
  intercepted.push(`${request.method} ${request.url}`);
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  seen.length = 0;
  intercepted.length = 0;
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const instance = client();

function expected(outOrderNo: string) {
  return { appid: 'wxd678efh567hg6787', mchid: MCHID, out_order_no: outOrderNo, service_id: '500001', order_id: '15646546545165651651' };
}

describe('fetchTransport with msw', () => {
  it.each<[string, (out_order_no: string) => Promise<WechatpayResponse>]>([
    ['property chain', (out_order_no) => instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no, json: ORDER })],
    ['chain()', (out_order_no) => instance.chain('v3/payscore/smartretail-orders/{out_order_no}/complete').postAsync({ out_order_no, json: ORDER })],
    ['bracket path', (out_order_no) => instance['v3/payscore/smartretail-orders/{out_order_no}/complete'].postAsync({ out_order_no, json: ORDER })],
  ])('sends a signed request and resolves with the verified answer (%s)', async (_, call) => {
    const response = await call('1217752501201407033233368018');

    expect(response.status).toBe(200);
    expect(response.json()).toEqual(expected('1217752501201407033233368018'));
    expect(response.headers.get('Request-ID')).toBe('REQ-1217752501201407033233368018');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.problem).toBeUndefined();
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('https://api.mch.weixin.qq.com/v3/payscore/smartretail-orders/1217752501201407033233368018/complete');
    expect(seen[0]?.body).toBe(ORDER_BYTES);
  });

  it('sends exactly the expected headers', async () => {
    await instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no: 'headers-1', json: ORDER });

    expect(seen).toHaveLength(1);
    const headers = seen[0]?.headers ?? {};
    expect(Object.keys(headers).sort()).toEqual(['accept', 'authorization', 'content-type', 'user-agent', 'wechatpay-serial']);
    expect(headers.accept).toBe('application/json');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['wechatpay-serial']).toBe(PUBLIC_KEY_ID);
    expect(headers['user-agent']?.startsWith('wechatpay-ts/')).toBe(true);
    const own = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    // The major version of the undici installed, which the dependency range pins.
    const undici = (createRequire(import.meta.url)('undici/package.json') as { version: string }).version.split('.')[0];
    expect(headers['user-agent']).toBe(`wechatpay-ts/${own} undici/${undici} node/${process.versions.node} ${platform()}-${arch()}`);
    expect(headers.authorization).toMatch(AUTHORIZATION);
    expect(intercepted).toEqual(['POST https://api.mch.weixin.qq.com/v3/payscore/smartretail-orders/headers-1/complete']);
  });

  it('is refused by the handler when signed with another key (the handler really checks)', async () => {
    const stranger = client(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);

    const error = await rejection(
      stranger.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no: 'stranger', json: ORDER }),
    );

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    // The handler answers unsigned: its SIGN_ERROR is a claim, not the error's code.
    expect(error).toMatchObject({ code: 'HTTP_401', verified: false, unverified: { code: 'SIGN_ERROR' } });
    expect(seen.map((request) => request.problem)).toEqual(['signature does not match']);
  });

  it('rejects an answer whose body was changed after signing', async () => {
    server.use(completeHandler((text) => text.replace('"order_id":"15646546545165651651"', '"order_id":"15646546545165651652"')));

    const error = await rejection(
      instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no: 'tampered', json: ORDER }),
    );

    expect(error).toBeInstanceOf(VerificationError);
    expect((error as VerificationError).reason).toBe('signature');
    expect((error as VerificationError).status).toBe(200);
    expect((error as VerificationError).requestId).toBe('REQ-tampered');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.problem).toBeUndefined();
  });

  it('refuses a synchronous call with a ConfigError before anything is sent', () => {
    let error: unknown;
    try {
      instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no: 'sync', json: ORDER });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('transport');
    expect(intercepted).toEqual([]);
    expect(seen).toEqual([]);
  });
});
