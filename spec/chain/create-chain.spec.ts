import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError } from 'wechatpay-ts';
import { simulated } from '../support/simulated.js';

const env = simulated();

describe('the chain', () => {
  it('caches nodes per parent and key, whichever style builds them', () => {
    const { instance } = env;
    expect(instance.v3.pay.transactions).toBe(instance.v3.pay.transactions);
    expect(instance.chain('v3/pay')).toBe(instance.chain('v3/pay'));
    expect(instance.v3['pay/transactions']).toBe(instance.v3['pay/transactions']);
    expect(instance.v3.pay.post).toBe(instance.v3.pay.post);
    // the same text through chain() and brackets can mean different paths: never one cached node for both
    expect(String(instance.v3['/pay'])).toBe('v3//pay');
    expect(String(instance.v3.chain('pay'))).toBe('v3/pay');
    expect(String(instance.v3.chain('MerchantService'))).toBe('v3/MerchantService');
    expect(String(instance.v3.MerchantService)).toBe('v3/merchant-service');
  });

  it('never sends or grows a path when a node is awaited, printed, serialised, spread or matched', async () => {
    const { instance, simulator } = env;
    const before = (await simulator.received()).length;
    const node = instance.v3.pay.transactions;
    expect(await node).toBe(node);
    expect(JSON.stringify(node)).toBe('"v3/pay/transactions"');
    expect(JSON.stringify({ node })).toBe('{"node":"v3/pay/transactions"}');
    expect(`${node}`).toBe('v3/pay/transactions');
    expect(inspect(node)).toBe('[Wechatpay chain v3/pay/transactions]');
    expect(inspect({ node })).toBe('{ node: [Wechatpay chain v3/pay/transactions] }');
    expect({ ...node }).toEqual({});
    expect(Object.keys(node)).toEqual([]);
    expect('then' in node).toBe(false);
    expect(node.constructor).toBeUndefined();
    expect(String(node)).toBe('v3/pay/transactions');
    await Promise.resolve(instance);
    expect((await simulator.received()).length).toBe(before);
  });

  it('exposes the driver on the root only', () => {
    const { instance } = env;
    expect(instance.getDriver().stack.names).toEqual(['encryptor', 'retry', 'signer', 'verifier']);
    expect(String(instance.v3.getDriver)).toBe('v3/get-driver');
  });

  it('refuses to call a path that is not a verb, or chain() a path that is no string: a ParameterError, nothing sent', async () => {
    const { instance, simulator } = env;
    const before = (await simulator.received()).length;
    const path = instance.v3.pay as unknown as () => void;
    expect(() => path()).toThrow(
      expect.objectContaining({
        name: 'ParameterError',
        code: 'ERR_PARAMETER',
        field: 'v3/pay',
        message: 'v3/pay: is a path, not a verb: call .get(), .post(), .postAsync()… on it',
      }),
    );
    expect(() => (instance as unknown as () => void)()).toThrow(expect.objectContaining({ name: 'ParameterError', field: '(the chain root)' }));
    expect(() => instance.v3.chain(42 as never)).toThrow(
      expect.objectContaining({ name: 'ParameterError', field: 'chain', message: 'chain: takes a path string, got number' }),
    );
    expect((await simulator.received()).length).toBe(before);
  });

  it('prints what each node is: the root its client (no key), a node its path, a verb node its call', async () => {
    const { instance, simulator } = env;
    const before = (await simulator.received()).length;
    expect(inspect(instance)).toBe(`[Wechatpay chain root: mchid ${simulator.mchid}, baseURL ${simulator.baseURL}]`);
    expect(inspect(instance.v3.pay.transactions._out_trade_no_)).toBe('[Wechatpay chain v3/pay/transactions/{out_trade_no}]');
    expect(inspect(instance.v3.pay.transactions.native.postAsync)).toBe('[Wechatpay chain v3/pay/transactions/native .postAsync()]');
    expect(inspect(instance.chain('v3/certificates').get)).toBe('[Wechatpay chain v3/certificates .get()]');
    expect(inspect({ root: instance }, { depth: 0, breakLength: Infinity })).toBe(
      `{ root: [Wechatpay chain root: mchid ${simulator.mchid}, baseURL ${simulator.baseURL}] }`,
    );
    expect(Object.prototype.toString.call(instance.v3)).toBe('[object WechatpayChain]');
    // What printers look up is answered, never taken for a segment (which would be another node, a function too).
    const node = instance.v3.pay as unknown as Record<PropertyKey, unknown>;
    expect((node[inspect.custom] as () => string)()).toBe('[Wechatpay chain v3/pay]');
    expect(node[Symbol.toStringTag]).toBe('WechatpayChain');
    expect((node.toJSON as () => string)()).toBe('v3/pay');
    expect(node[Symbol.iterator]).toBeUndefined();
    expect(node.inspect).toBeUndefined();
    expect((await simulator.received()).length).toBe(before);
  });

  it('treats a trailing `delete` as a segment when a verb follows, and as DELETE when called', async () => {
    // Untyped: DELETE v3/profitsharing/receivers is no catalog endpoint, which is the point here.
    const { untyped: instance, simulator } = env;
    const receivers = instance.v3.profitsharing.receivers;
    await expect(receivers.delete.postAsync({ json: { type: 'MERCHANT_ID', account: '86693852' } })).rejects.toBeInstanceOf(ApiError);
    await expect(receivers.deleteAsync()).rejects.toBeInstanceOf(ApiError);
    expect(() => receivers.delete()).toThrow(ApiError);
    await expect(instance.chain('v3/profitsharing/receivers').chain('delete').postAsync({ json: {} })).rejects.toBeInstanceOf(ApiError);
    const sent = (await simulator.received()).slice(-4).map((r) => `${r.method} ${r.target}`);
    expect(sent).toEqual([
      'POST /v3/profitsharing/receivers/delete',
      'DELETE /v3/profitsharing/receivers',
      'DELETE /v3/profitsharing/receivers',
      'POST /v3/profitsharing/receivers/delete',
    ]);
  });

  it('sends what the path says, case kept for slash keys and a trailing slash for an empty key', async () => {
    const { instance, simulator } = env;
    await expect(instance.v3.marketing['busifavor/stocks/AbcdEF12345'].getAsync()).resolves.toMatchObject({ status: 200 });
    await expect(instance.v3.certificates[''].getAsync()).rejects.toBeInstanceOf(ApiError);
    const sent = (await simulator.received()).slice(-2).map((r) => r.target);
    expect(sent).toEqual(['/v3/marketing/busifavor/stocks/AbcdEF12345', '/v3/certificates/']);
  });
});
