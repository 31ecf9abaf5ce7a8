import { describe, expect, it } from 'vitest';
import { ApiError, type UntypedWechatpay, type WechatpayResponse } from 'wechatpay-ts';
import { rejection } from '../support/failures.js';
import { simulated } from '../support/simulated.js';

// In a worker thread: the synchronous calls below block this one. No callback receiver: `silent` payments.
const state = simulated({ timeScale: 0 });

const JSAPI = 'v3/pay/transactions/jsapi';
const BY_OUT_TRADE_NO = 'v3/pay/transactions/out-trade-no/{out_trade_no}';
const CLOSE = 'v3/pay/transactions/out-trade-no/{out_trade_no}/close';

type Verb = 'get' | 'post';
/** One call in one of the six styles: the property chain, `chain('…')` or a bracket key, each sync or async. */
type Style = (root: UntypedWechatpay, path: string, verb: Verb, options: Record<string, unknown>) => Promise<WechatpayResponse>;

/** The property chain of a path: `out-trade-no` is reached as `outTradeNo`, `{x}` as `_x_`. */
function byProperties(root: UntypedWechatpay, path: string) {
  return path.split('/').reduce((node: UntypedWechatpay, segment) => {
    const key = segment.startsWith('{') ? `_${segment.slice(1, -1)}_` : segment.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    return node[key] as UntypedWechatpay;
  }, root);
}

const STYLES: Array<[string, Style]> = [
  ['chain, sync', async (root, path, verb, options) => byProperties(root, path)[verb](options)],
  ['chain, async', (root, path, verb, options) => byProperties(root, path)[`${verb}Async`](options)],
  ['declarative, sync', async (root, path, verb, options) => root.chain(path)[verb](options)],
  ['declarative, async', (root, path, verb, options) => root.chain(path)[`${verb}Async`](options)],
  ['bracket, sync', async (root, path, verb, options) => (root[path] as UntypedWechatpay)[verb](options)],
  ['bracket, async', (root, path, verb, options) => (root[path] as UntypedWechatpay)[`${verb}Async`](options)],
];

describe('an order lives the same life in the six call styles', () => {
  it.each(STYLES)('%s: created, queried, paid, then refused a close (ORDERPAID)', async (name, call) => {
    const { untyped: root, simulator } = state;
    const no = `STYLE-${name.replace(/\W+/g, '-')}`;
    const json = {
      appid: 'wxd678efh567hg6787',
      mchid: simulator.mchid,
      description: 'Coffee',
      out_trade_no: no,
      notify_url: 'https://merchant.example/notify',
      amount: { total: 88 },
      payer: { openid: 'o1' },
    };
    expect((await call(root, JSAPI, 'post', { json })).json()).toEqual({ prepay_id: expect.stringMatching(/^wx/) });
    const query = { out_trade_no: no, query: { mchid: simulator.mchid } };
    expect((await call(root, BY_OUT_TRADE_NO, 'get', query)).json()).toMatchObject({ out_trade_no: no, trade_state: 'NOTPAY' });
    await simulator.pay(no, { silent: true });
    expect((await call(root, BY_OUT_TRADE_NO, 'get', query)).json()).toMatchObject({
      out_trade_no: no,
      trade_state: 'SUCCESS',
      amount: { total: 88 },
    });
    const refused = await rejection(call(root, CLOSE, 'post', { out_trade_no: no, json: { mchid: simulator.mchid } }));
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'ORDERPAID', verified: true });
  });
});
