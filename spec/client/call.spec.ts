import { describe, expect, it } from 'vitest';
import { ApiError, WechatpayResponse } from 'wechatpay-ts';
import { ORDER, SEED, simulated } from '../support/simulated.js';

const env = simulated();

describe('the seed endpoint in all six styles against the simulator', () => {
  const styles = {
    'async chain': (out_order_no: string) =>
      env.instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no, json: ORDER }),
    'async declarative': (out_order_no: string) => env.instance.chain(SEED).postAsync({ out_order_no, json: ORDER }),
    'async bracket': (out_order_no: string) => env.instance[SEED].postAsync({ out_order_no, json: ORDER }),
    'sync chain': (out_order_no: string) => env.instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no, json: ORDER }),
    'sync declarative': (out_order_no: string) => env.instance.chain(SEED).post({ out_order_no, json: ORDER }),
    'sync bracket': (out_order_no: string) => env.instance[SEED].post({ out_order_no, json: ORDER }),
  };

  it.each(Object.entries(styles))('%s: signed, sent, verified', async (style, call) => {
    const outOrderNo = `SIX${style.replace(/\W/g, '')}`;
    const result = call(outOrderNo);
    // synchronous styles return the response itself, asynchronous ones a promise of it
    expect(result instanceof Promise).toBe(style.startsWith('async'));
    const response = await result;
    expect(response).toBeInstanceOf(WechatpayResponse);
    expect(response.status).toBe(200);
    expect(response.headers.get('Request-ID')).toMatch(/^[0-9A-F]{32}$/);
    expect(response.json()).toEqual({
      appid: 'wxd678efh567hg6787',
      mchid: '1900000001',
      out_order_no: outOrderNo,
      service_id: '500001',
      order_id: expect.stringMatching(/^\d{20}$/),
    });
    expect(await response.json()).toEqual(response.json());
    expect(response.text()).toBe(Buffer.from(response.body).toString('utf8'));
    const sent = (await env.simulator.received()).at(-1)!;
    expect(`${sent.method} ${sent.target}`).toBe(`POST /v3/payscore/smartretail-orders/${outOrderNo}/complete`);
    // serialised once with stable key order: these bytes were signed and sent
    expect(sent.body).toBe('{"appid":"wxd678efh567hg6787","finish_type":2,"service_id":"500001","total_amount":1200}');
  });

  it('completes the same order to the same WeChat Pay order id in either mode', async () => {
    const first = env.instance.chain(SEED).post({ out_order_no: 'SAME1', json: ORDER });
    const second = await env.instance.chain(SEED).postAsync({ out_order_no: 'SAME1', json: ORDER });
    expect(second.json<{ order_id: string }>().order_id).toBe(first.json<{ order_id: string }>().order_id);
  });

  it.each(['sync', 'async'])('turns a PARAM_ERROR into an ApiError in %s calls', async (mode) => {
    const options = { out_order_no: 'BAD1', json: { service_id: '500001', finish_type: 2, total_amount: 1 } };
    // Untyped: `appid` is left out on purpose, which the typed options would refuse.
    const node = env.untyped.chain(SEED);
    const error = await (async () => (mode === 'sync' ? node.post(options) : node.postAsync(options)))().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'ApiError', status: 400, code: 'PARAM_ERROR', detail: { field: 'appid' } });
    expect((error as ApiError).message).toMatch(/^PARAM_ERROR: .*appid.*\(Request-ID [0-9A-F]{32}\)$/);
  });

  it('sends a query as part of the signed URL, and other verbs', async () => {
    await expect(
      // Untyped: `tag` and `skip` are no query parameters of this endpoint.
      env.untyped.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({
        out_trade_no: 'T 1',
        query: { mchid: '1900000001', tag: ['a', 'b'], skip: undefined },
      }),
    ).rejects.toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST' });
    expect(() => env.instance.v3.x.put({ body: 'raw text' })).toThrow(ApiError);
    expect(() => env.instance.v3.x.patch({ body: new Uint8Array([1, 2, 3]) })).toThrow(ApiError);
    const sent = (await env.simulator.received()).slice(-3);
    expect(sent.map((r) => `${r.method} ${r.target} ${r.body}`)).toEqual([
      'GET /v3/pay/transactions/out-trade-no/T%201?mchid=1900000001&tag=a&tag=b ',
      'PUT /v3/x raw text',
      `PATCH /v3/x ${Buffer.from([1, 2, 3]).toString('utf8')}`,
    ]);
    expect(sent[0]!.headers['content-type']).toBeUndefined();
  });
});

describe('close()', () => {
  const closing = simulated();
  it('frees connections and the worker; later calls in either mode open new ones', async () => {
    const driver = closing.instance.getDriver();
    expect(closing.instance.chain(SEED).post({ out_order_no: 'CL1', json: ORDER }).status).toBe(200);
    expect((await closing.instance.chain(SEED).postAsync({ out_order_no: 'CL2', json: ORDER })).status).toBe(200);
    await driver.close();
    await driver.close();
    expect((await closing.instance.chain(SEED).postAsync({ out_order_no: 'CL3', json: ORDER })).status).toBe(200);
    expect(closing.instance.chain(SEED).post({ out_order_no: 'CL4', json: ORDER }).status).toBe(200);
  });
});
