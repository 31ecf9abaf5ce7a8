import { describe, expectTypeOf, it } from 'vitest';
import type { Builder, ChainNode, Client, EndpointResponse, WechatpayResponse } from 'wechatpay-ts';

declare const instance: ReturnType<typeof Builder.factory>;

describe('chain types', () => {
  it('gives synchronous verbs a response and asynchronous ones a promise of it', () => {
    // Catalog endpoints answer with their typed response (issue 5); other paths as before.
    type Completed = EndpointResponse<'v3/payscore/smartretail-orders/{out_order_no}/complete', 'post'>;
    expectTypeOf(instance.v3.payscore.smartretailOrders._out_order_no_.complete.post).returns.toEqualTypeOf<WechatpayResponse<Completed>>();
    expectTypeOf(instance.chain('v3/pay/transactions/native').postAsync).returns.toEqualTypeOf<
      Promise<WechatpayResponse<EndpointResponse<'v3/pay/transactions/native', 'post'>>>
    >();
    expectTypeOf(instance['v3/certificates'].getAsync).returns.toEqualTypeOf<
      Promise<WechatpayResponse<EndpointResponse<'v3/certificates', 'get'>>>
    >();
    expectTypeOf(instance.v3.unknown.path.post).returns.toEqualTypeOf<WechatpayResponse>();
    expectTypeOf(instance.chain('v3/unknown/path').postAsync).returns.toEqualTypeOf<Promise<WechatpayResponse>>();
  });

  it('keeps verbs as nodes, and the driver on the root', () => {
    expectTypeOf(instance.v3.profitsharing.receivers.delete.post).toBeFunction();
    // A catalog node has only the catalog's verbs, so it is no longer a loose ChainNode (issue 5); others still are.
    expectTypeOf(instance.v3.profitsharing.receivers.delete).not.toMatchTypeOf<ChainNode>();
    expectTypeOf(instance.v3.unknown.delete).toMatchTypeOf<ChainNode>();
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
