import { describe, expectTypeOf, it } from 'vitest';
import { Builder, type ChainNode, type Client, type WechatpayResponse } from 'wechatpay-ts';

declare const instance: ReturnType<typeof Builder.factory>;

describe('chain types', () => {
  it('gives synchronous verbs a response and asynchronous ones a promise of it', () => {
    expectTypeOf(instance.v3.payscore.smartretailOrders._out_order_no_.complete.post).returns.toEqualTypeOf<WechatpayResponse>();
    expectTypeOf(instance.chain('v3/pay/transactions/native').postAsync).returns.toEqualTypeOf<Promise<WechatpayResponse>>();
    expectTypeOf(instance['v3/certificates'].getAsync).returns.toEqualTypeOf<Promise<WechatpayResponse>>();
  });

  it('keeps verbs as nodes, and the driver on the root', () => {
    expectTypeOf(instance.v3.profitsharing.receivers.delete.post).toBeFunction();
    expectTypeOf(instance.v3.profitsharing.receivers.delete).toMatchTypeOf<ChainNode>();
    expectTypeOf(instance.getDriver()).toEqualTypeOf<Client>();
  });

  it('refuses what cannot work', () => {
    // @ts-expect-error a path is not callable: a verb is
    instance.v3.pay();
    // @ts-expect-error chain() takes a string
    instance.chain(42);
    // @ts-expect-error the body is a string or bytes
    instance.v3.x.post({ body: 42 });
    // @ts-expect-error a timeout is a number
    instance.v3.x.getAsync({ timeout: '1s' });
  });
});
