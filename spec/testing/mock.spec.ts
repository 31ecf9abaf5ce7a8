import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, Builder, ConfigError, fetchTransport, Notification, ParameterError, TransportError, VerificationError } from 'wechatpay-ts';
import { createWechatpayMock, signedResponse } from 'wechatpay-ts/testing';
import { fixture, MERCHANT_SERIAL, PUBLIC_KEY_ID } from '../support/fixtures.js';

const BASE = 'https://api.mch.weixin.qq.com/';
const NOTIFY = 'https://shop.example.com/notify';
/** The callbacks the app's route accepted (its Notification verified and decrypted them); the statuses it answers in turn (then 204). */
const inbox: Array<{ event_type: string; resource: Record<string, unknown> }> = [];
const answers: number[] = [];
const onCallback = (request: Request) =>
  notification.fetchHandler(
    (event) => {
      inbox.push(event as unknown as (typeof inbox)[number]);
      const status = answers.shift();
      if (status) throw new Error(`the app fails (${status})`);
    },
    { onError: () => {} },
  )(request);
const wechatpay = createWechatpayMock({ platform: { serial: PUBLIC_KEY_ID, privateKey: fixture('platform-key.pem') }, onCallback });
const notification = new Notification({ apiV3Key: wechatpay.apiV3Key, certs: wechatpay.config.certs });
// One request per call, so that each fault is met as it is (the built-in retry is spec/retry's).
const client = Builder.factory<'untyped'>({ ...wechatpay.config, transport: fetchTransport(), retry: false });
const server = setupServer(...wechatpay.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
beforeEach(async () => {
  await wechatpay.reset();
  inbox.length = 0;
});
afterAll(async () => {
  server.close();
  await wechatpay.close();
});

const order = (outTradeNo: string, extra: Record<string, unknown> = {}) => ({
  appid: 'wxd678efh567hg6787',
  mchid: wechatpay.mchid,
  description: 'Coffee',
  out_trade_no: outTradeNo,
  notify_url: NOTIFY,
  amount: { total: 100, currency: 'CNY' },
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  ...extra,
});
const failure = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: unknown) => error,
  );

describe('the msw handlers: the simulator engine behind fetch', () => {
  it('answers a valid order with a signed answer the client verifies, and the ledger holds it', async () => {
    const created = await client.v3.pay.transactions.jsapi.postAsync({ json: order('M1') });
    expect(created.status).toBe(200);
    expect(created.json<{ prepay_id: string }>().prepay_id).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    expect(created.headers.get('wechatpay-serial')).toBe(PUBLIC_KEY_ID);
    expect(await wechatpay.orders()).toEqual([expect.objectContaining({ outTradeNo: 'M1', tradeState: 'NOTPAY', total: 100 })]);
    const [received] = (await wechatpay.received()).slice(-1);
    expect(received).toMatchObject({ method: 'POST', target: '/v3/pay/transactions/jsapi' });
    expect(received?.headers.authorization).toMatch(new RegExp(`^WECHATPAY2-SHA256-RSA2048 mchid="${wechatpay.mchid}",`));
    expect(JSON.parse(received?.body ?? '')).toEqual(order('M1'));
  });

  it('refuses a request missing a required field with the signed 400 PARAM_ERROR naming it, and keeps no order', async () => {
    const { amount: _, ...missing } = order('M2');
    const error = await failure(client.v3.pay.transactions.jsapi.postAsync({ json: missing }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'PARAM_ERROR',
      verified: true,
      detail: { field: 'amount', location: 'body' },
    });
    expect(await wechatpay.orders()).toEqual([]);
  });

  it('checks the request signature: a client with another merchant key gets the signed 401 SIGN_ERROR', async () => {
    const stranger = Builder.factory<'untyped'>({
      ...wechatpay.config,
      privateKey: fixture('merchant-key.pem'),
      transport: fetchTransport(),
    });
    const error = await failure(stranger.v3.pay.transactions.jsapi.postAsync({ json: order('M3') }));
    expect(error).toMatchObject({ status: 401, code: 'SIGN_ERROR', verified: true });
    expect(await wechatpay.orders()).toEqual([]);
  });

  it('plays the faults: a body tampered after signing is refused by the verifier, a reset is a network error, a 500 an ApiError', async () => {
    const tampered = client.v3.pay.transactions.jsapi.postAsync({ json: order('M4'), headers: { 'Wechatpay-Simulator-Fault': 'tamper-body' } });
    await expect(tampered).rejects.toBeInstanceOf(VerificationError);
    await wechatpay.faults.add({ operation: 'POST v3/pay/transactions/jsapi', times: 1, kind: { type: 'reset' } });
    const reset = await failure(client.v3.pay.transactions.jsapi.postAsync({ json: order('M5') }));
    expect(reset).toBeInstanceOf(TransportError);
    expect(reset).toMatchObject({ reason: 'network' });
    await wechatpay.faults.add({ operation: 'POST v3/pay/transactions/jsapi', times: 1, kind: { type: 'status', status: 500 } });
    await expect(failure(client.v3.pay.transactions.jsapi.postAsync({ json: order('M5') }))).resolves.toMatchObject({
      status: 500,
      code: 'SYSTEM_ERROR',
      verified: true,
    });
    expect((await client.v3.pay.transactions.jsapi.postAsync({ json: order('M5') })).status).toBe(200);
  });

  it('hangs on request until the client gives up', async () => {
    const hung = await failure(
      client.v3.pay.transactions.jsapi.postAsync({ json: order('M6'), headers: { 'Wechatpay-Simulator-Fault': 'hang' }, timeout: 200 }),
    );
    expect(hung).toMatchObject({ reason: 'timeout' });
  });
});

describe('the ledger through the handlers: pay() and settleRefund() call the app back', () => {
  it('hands the payment callback to onCallback, signed and encrypted as the app verifies it', async () => {
    await client.v3.pay.transactions.jsapi.postAsync({ json: order('P1') });
    const paid = await wechatpay.pay('P1');
    expect(paid.callback).toMatchObject({ event: 'TRANSACTION.SUCCESS', to: NOTIFY, acknowledged: true });
    expect(inbox).toEqual([
      expect.objectContaining({
        event_type: 'TRANSACTION.SUCCESS',
        resource: expect.objectContaining({ out_trade_no: 'P1', trade_state: 'SUCCESS', transaction_id: paid.orders[0]?.transactionId }),
      }),
    ]);
    const queried = await client.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: 'P1', query: { mchid: wechatpay.mchid } });
    expect(queried.json()).toMatchObject({ trade_state: 'SUCCESS', transaction_id: paid.orders[0]?.transactionId });
  });

  it("retries a callback the app does not acknowledge, at once by default (timeScale 0), on WeChat Pay's schedule", async () => {
    await client.v3.pay.transactions.jsapi.postAsync({ json: order('P2') });
    answers.push(500, 500);
    const paid = await wechatpay.pay('P2');
    expect(paid.callback?.acknowledged).toBe(true);
    expect(paid.callback?.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 204]);
    expect(paid.callback?.attempts).toHaveLength(3);
    expect(inbox).toHaveLength(3);
  });

  it('refunds: the refund callback reaches onCallback when the refund is settled', async () => {
    await client.v3.pay.transactions.jsapi.postAsync({ json: order('P3') });
    await wechatpay.pay('P3', { silent: true });
    const refund = await client.v3.refund.domestic.refunds.postAsync({
      json: { out_trade_no: 'P3', out_refund_no: 'R3', notify_url: NOTIFY, amount: { refund: 40, total: 100, currency: 'CNY' } },
    });
    expect(refund.json()).toMatchObject({ out_refund_no: 'R3', status: 'PROCESSING' });
    const settled = await wechatpay.settleRefund('R3');
    expect(settled.callback).toMatchObject({ event: 'REFUND.SUCCESS', acknowledged: true });
    expect(inbox.map((event) => [event.event_type, event.resource.out_refund_no])).toEqual([['REFUND.SUCCESS', 'R3']]);
    expect(await wechatpay.refunds()).toEqual([expect.objectContaining({ outRefundNo: 'R3', status: 'SUCCESS', refund: 40 })]);
  });

  it('sends a sample callback with notify(), to onCallback; a tampered one is refused by the app', async () => {
    const delivered = await wechatpay.notify('TRANSACTION.SUCCESS', { resource: { out_trade_no: 'N1' } });
    expect(delivered.status).toBe(204);
    expect(inbox[0]?.resource.out_trade_no).toBe('N1');
    const tampered = await wechatpay.notify('TRANSACTION.SUCCESS', { faults: 'tamper-body' });
    expect(tampered.status).toBe(401);
    expect(inbox).toHaveLength(1);
  });
});

describe('callbacks without onCallback', () => {
  it('go out through fetch, where msw (or a server of the test) takes them', async () => {
    const bare = createWechatpayMock({ platform: { serial: PUBLIC_KEY_ID, privateKey: fixture('platform-key.pem') }, baseURL: 'https://pay.test/' });
    const bareClient = Builder.factory<'untyped'>({ ...bare.config, transport: fetchTransport() });
    const taken: string[] = [];
    const app = new Notification({ apiV3Key: bare.apiV3Key, certs: bare.config.certs });
    server.use(
      ...bare.handlers,
      http.post(NOTIFY, async ({ request }) => {
        const event = app.verify({ headers: Object.fromEntries(request.headers), body: Buffer.from(await request.arrayBuffer()) });
        taken.push(event.event_type);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await bareClient.v3.pay.transactions.jsapi.postAsync({ json: order('F1', { mchid: bare.mchid }) });
    const paid = await bare.pay('F1');
    expect(paid.callback).toMatchObject({ acknowledged: true, attempts: [{ status: 204 }] });
    expect(taken).toEqual(['TRANSACTION.SUCCESS']);
    await expect(bare.notify('TRANSACTION.SUCCESS')).rejects.toThrow(ParameterError);
    await bare.close();
  });
});

describe('wechatpay.fetch: the same answers without msw', () => {
  it('serves fetchTransport(wechatpay.fetch) from the same ledger', async () => {
    const direct = Builder.factory<'untyped'>({ ...wechatpay.config, transport: fetchTransport(wechatpay.fetch) });
    server.use(http.all('*', () => HttpResponse.error()));
    await direct.v3.pay.transactions.jsapi.postAsync({ json: order('D1') });
    expect(await wechatpay.orders()).toEqual([expect.objectContaining({ outTradeNo: 'D1' })]);
  });
});

describe('signedResponse(): hand-made answers for your own msw handlers', () => {
  const QUERY = `${BASE}v3/pay/transactions/out-trade-no/S1`;
  const call = () => client.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: 'S1', query: { mchid: wechatpay.mchid } });

  it("is accepted by the client's verifier, status and headers as given", async () => {
    server.use(http.get(QUERY, () => wechatpay.signedResponse({ out_trade_no: 'S1', trade_state: 'USERPAYING' }, { headers: { 'X-Trace': 't1' } })));
    const response = await call();
    expect(response.json()).toEqual({ out_trade_no: 'S1', trade_state: 'USERPAYING' });
    expect(response.headers.get('x-trace')).toBe('t1');
    server.use(http.get(QUERY, () => wechatpay.signedResponse({ code: 'ORDER_NOT_EXIST', message: '订单不存在' }, { status: 404 })));
    await expect(failure(call())).resolves.toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST', verified: true });
  });

  it('is refused once its body is changed after signing', async () => {
    server.use(
      http.get(QUERY, async () => {
        const signed = wechatpay.signedResponse({ out_trade_no: 'S1', trade_state: 'NOTPAY' });
        const body = (await signed.text()).replace('NOTPAY', 'SUCCESS');
        return new Response(body, { status: signed.status, headers: signed.headers });
      }),
    );
    await expect(call()).rejects.toBeInstanceOf(VerificationError);
  });

  it('signs with the key you give it, standalone', async () => {
    const own = Builder.factory<'untyped'>({
      mchid: '1900000001',
      serial: MERCHANT_SERIAL,
      privateKey: fixture('merchant-key.pem'),
      certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
      transport: fetchTransport(),
    });
    const platform = { serial: PUBLIC_KEY_ID, privateKey: fixture('platform-key.pem') };
    server.use(http.get(`${BASE}v3/own`, () => signedResponse({ ok: true }, { platform })));
    expect((await own.v3.own.getAsync()).json()).toEqual({ ok: true });
    const other = { serial: PUBLIC_KEY_ID, privateKey: fixture('platform-a-key.pem') };
    server.use(http.get(`${BASE}v3/own`, () => signedResponse({ ok: true }, { platform: other })));
    await expect(own.v3.own.getAsync()).rejects.toBeInstanceOf(VerificationError);
  });

  it('refuses a missing platform or a bad status before signing', () => {
    expect(() => signedResponse({}, {} as never)).toThrow(ConfigError);
    expect(() => signedResponse({}, { platform: { serial: PUBLIC_KEY_ID, privateKey: 'not a key' } })).toThrow(ConfigError);
    expect(() => wechatpay.signedResponse({}, { status: 99 })).toThrow(ParameterError);
  });
});

describe('createWechatpayMock() options', () => {
  it('refuses an option it does not know, naming it, and what it cannot serve', () => {
    expect(() => createWechatpayMock({ onCalback: onCallback } as never)).toThrow(
      /onCalback: is not an option of createWechatpayMock \(did you mean onCallback\?\)/,
    );
    expect(() => createWechatpayMock({ port: 8080 } as never)).toThrow(ConfigError);
    expect(() => createWechatpayMock({ baseURL: 'https://api.mch.weixin.qq.com/hk/' })).toThrow(/baseURL/);
    expect(() => createWechatpayMock({ v2: { secret: 'x'.repeat(32), tls: {} } as never })).toThrow(/v2\.tls/);
    expect(() => createWechatpayMock({ onCallback: 'https://shop.example.com/' as never })).toThrow(/onCallback/);
  });
});

describe('platform keys', () => {
  it('signs with a rotated key from then on, which config.certs lists beside the older one', async () => {
    const rotating = createWechatpayMock({ platform: { serial: PUBLIC_KEY_ID, privateKey: fixture('platform-key.pem') } });
    server.use(...rotating.handlers);
    const NEXT = 'PUB_KEY_ID_0199999999999999999999999999';
    await rotating.rotate({ serial: NEXT, privateKey: fixture('platform-a-key.pem') });
    expect(Object.keys(rotating.config.certs)).toEqual([PUBLIC_KEY_ID, NEXT]);
    const fresh = Builder.factory<'untyped'>({ ...rotating.config, transport: fetchTransport() });
    const created = await fresh.v3.pay.transactions.jsapi.postAsync({ json: order('K1', { mchid: rotating.mchid }) });
    expect(created.headers.get('wechatpay-serial')).toBe(NEXT);
    // A client that knows only the old key cannot verify the new signatures.
    const stale = Builder.factory<'untyped'>({
      ...rotating.config,
      certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
      transport: fetchTransport(),
    });
    await expect(stale.v3.pay.transactions.jsapi.postAsync({ json: order('K1', { mchid: rotating.mchid }) })).rejects.toBeInstanceOf(
      VerificationError,
    );
    await rotating.retire(PUBLIC_KEY_ID);
    expect(Object.keys(rotating.config.certs)).toEqual([NEXT]);
  });
});
