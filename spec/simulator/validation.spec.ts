import { constants, publicEncrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Builder, type UntypedWechatpay } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { fixture } from '../support/fixtures.js';

const SECRET = fixture('apiv2-key.txt').trim();
const state = {} as { simulator: Simulator; client: UntypedWechatpay; v2: UntypedWechatpay };

beforeAll(async () => {
  state.simulator = await startSimulator({ v2: { secret: SECRET } });
  state.client = Builder.factory(state.simulator.config) as unknown as UntypedWechatpay;
  state.v2 = Builder.factory({ mchid: state.simulator.mchid, secret: SECRET, baseURL: state.simulator.baseURL }) as unknown as UntypedWechatpay;
});
afterAll(async () => {
  await state.client?.getDriver().close();
  await state.v2?.getDriver().close();
  await state.simulator?.close();
});

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => error as ApiError,
  );
const order = () => ({
  appid: 'wxd678efh567hg6787',
  mchid: state.simulator.mchid,
  description: 'Coffee',
  out_trade_no: 'V1',
  notify_url: 'https://www.example.com/n',
  amount: { total: 1 },
  payer: { openid: 'o1' },
});

describe('requests are validated from the catalog, as WeChat Pay does', () => {
  it('a missing required field of the JSON body: 400 PARAM_ERROR naming it and where it was', async () => {
    const { description: _, ...json } = order();
    const error = await refusal(state.client.v3.pay.transactions.jsapi.postAsync({ json }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'PARAM_ERROR', message: expect.stringContaining('description') });
    expect(error?.response.json()).toEqual({
      code: 'PARAM_ERROR',
      message: '参数错误: description is required',
      detail: { field: 'description', issue: 'is required', location: 'body' },
    });
  });

  it('a nested field of the wrong type: its path, its value, and the type wanted', async () => {
    const error = await refusal(state.client.v3.pay.transactions.jsapi.postAsync({ json: { ...order(), amount: { total: '1' } } }));
    expect(error?.response.json()).toEqual({
      code: 'PARAM_ERROR',
      message: '参数错误: amount.total must be an integer',
      detail: { field: 'amount.total', value: '1', issue: 'must be an integer', location: 'body' },
    });
  });

  it('a value outside the enum', async () => {
    const json = { ...order(), payer: { openid: 'o1', identity: { type: 'PASSPORT', number: 'x', name: 'y' } } };
    const error = await refusal(state.client.v3.pay.transactions.jsapi.postAsync({ json }));
    expect(error?.response.json()).toMatchObject({
      code: 'PARAM_ERROR',
      detail: { field: 'payer.identity.type', value: 'PASSPORT', location: 'body', issue: expect.stringMatching(/^must be one of IDCARD, /) },
    });
  });

  it('a missing query parameter', async () => {
    const error = await refusal(state.client.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: 'V1' }));
    expect(error?.response.json()).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'mchid', location: 'query', issue: 'is required' } });
  });

  it('an encrypted field sent in clear: refused, naming the field, and without echoing its value', async () => {
    const json = { ...order(), payer: { openid: 'o1', identity: { type: 'IDCARD', number: '110101199003070000', name: '张三' } } };
    // The client names its preferred platform key in Wechatpay-Serial on every call.
    const clear = await refusal(state.client.v3.pay.transactions.jsapi.postAsync({ json }));
    expect(clear?.response.json()).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'payer.identity.number', location: 'body' } });
    expect(JSON.stringify(clear?.response.json())).not.toContain('110101199003070000');
  });

  it('accepts encrypted fields the platform key opens, by the encrypt option or sealed by hand', async () => {
    const identity = { type: 'IDCARD', number: '110101199003070000', name: '张三' };
    const viaOption = await state.client.v3.pay.transactions.jsapi.postAsync({
      json: { ...order(), out_trade_no: 'V2', payer: { openid: 'o1', identity } },
      encrypt: 'catalog',
    });
    expect(viaOption.status).toBe(200);
    const seal = (text: string) =>
      publicEncrypt({ key: state.simulator.platform.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(text)).toString('base64');
    const sealed = { type: 'IDCARD', number: seal(identity.number), name: seal(identity.name) };
    const byHand = await state.client.v3.pay.transactions.jsapi.postAsync({
      json: { ...order(), out_trade_no: 'V3', payer: { openid: 'o1', identity: sealed } },
      headers: { 'Wechatpay-Serial': state.simulator.platform.serial },
    });
    expect(byHand.status).toBe(200);
  });

  it('APIv2: a missing element is a signed result_code FAIL naming it', async () => {
    const error = await refusal(state.v2.v2.pay.orderquery.postAsync({ xml: { appid: 'wxd678efh567hg6787', mch_id: state.simulator.mchid } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.payload).toMatchObject({
      return_code: 'SUCCESS',
      result_code: 'FAIL',
      err_code: 'PARAM_ERROR',
      err_code_des: '参数错误: transaction_id is required, or one of out_trade_no',
    });
    const typed = await refusal(
      state.v2.v2.pay.orderquery.postAsync({
        xml: { appid: 'wxd678efh567hg6787', mch_id: state.simulator.mchid, out_trade_no: 'V1', sign_type: 'MD5', version: '2.0' },
      }),
    );
    expect(typed?.payload).toMatchObject({ result_code: 'FAIL', err_code: 'PARAM_ERROR', err_code_des: '参数错误: version must be one of 1.0' });
  });
});

describe('answers follow the catalog, repeatable for a seed', () => {
  it('echoes identifiers of the request where the answer has a field of that name', async () => {
    const stock = await state.client
      .chain('v3/marketing/favor/stocks/{stock_id}')
      .getAsync({ stock_id: '9856000', query: { stock_creator_mchid: state.simulator.mchid } });
    expect(stock.json()).toMatchObject({ stock_id: '9856000', stock_creator_mchid: state.simulator.mchid, stock_type: 'NORMAL', no_cash: true });
  });

  it('gives the same generated ids for the same seed and request, other ids for another seed', async () => {
    const path = 'v3/marketing/bank-favor/users/{openid}/bank-multi-activity';
    const json = {
      stock_id: '9856000',
      activity_id: '126002309',
      out_request_no: 'R1',
      appid: 'wxd678efh567hg6787',
      stock_creator_mchid: '1900000001',
    };
    const ask = async (seed: string) => {
      const simulator = await startSimulator({ seed });
      const client = Builder.factory(simulator.config) as unknown as UntypedWechatpay;
      try {
        return (await client.chain(path).postAsync({ openid: 'o1', json })).json<{ coupon_id: string }>().coupon_id;
      } finally {
        await client.getDriver().close();
        await simulator.close();
      }
    };
    const [first, again, other] = [await ask('s1'), await ask('s1'), await ask('s2')];
    expect(first).toMatch(/^\d{20}$/);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });
});
