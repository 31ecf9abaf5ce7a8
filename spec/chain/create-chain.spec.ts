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
    expect(inspect(node)).toBe('v3/pay/transactions');
    expect(inspect({ node })).toBe('{ node: v3/pay/transactions }');
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
    expect(instance.getDriver().stack.names).toEqual(['encryptor', 'signer', 'verifier']);
    expect(String(instance.v3.getDriver)).toBe('v3/get-driver');
  });

  it('refuses to call a path that is not a verb', () => {
    const { instance } = env;
    const path = instance.v3.pay as unknown as () => void;
    expect(() => path()).toThrow(/"v3\/pay" is a path, not a verb/);
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
