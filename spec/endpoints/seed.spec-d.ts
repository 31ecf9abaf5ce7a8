import { describe, expectTypeOf, it } from 'vitest';
import type { Builder, EndpointOptions, EndpointResponse, WechatpayResponse } from 'wechatpay-ts';

declare const instance: ReturnType<typeof Builder.factory>;

const SEED = 'v3/payscore/smartretail-orders/{out_order_no}/complete';
type Options = EndpointOptions<typeof SEED, 'post'>;
type Completed = EndpointResponse<typeof SEED, 'post'>;
const json = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 } as const;

describe('the seed endpoint, in all six styles', () => {
  it('knows its options: the placeholder and json with its required fields and enums', () => {
    expectTypeOf<Options['out_order_no']>().toEqualTypeOf<string>();
    expectTypeOf<Options['json']['appid']>().toEqualTypeOf<string>();
    expectTypeOf<Options['json']['service_id']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<Options['json']['finish_type']>>().toEqualTypeOf<1 | 2>();
    expectTypeOf<Options>().toHaveProperty('json');
  });

  it('types every style alike, synchronous and asynchronous', () => {
    const styles = {
      chainSync: instance.v3.payscore.smartretailOrders._out_order_no_.complete.post,
      declarativeSync: instance.chain(SEED).post,
      bracketSync: instance[SEED].post,
      kebabSync: instance.v3.payscore['smartretail-orders']['{out_order_no}'].complete.post,
      underscoredPathSync: instance['v3/payscore/smartretail-orders/_out_order_no_/complete'].post,
    };
    // Its options with json (or, not shown here, with the body built by an encrypt function).
    expectTypeOf<Options>().toMatchTypeOf<Parameters<typeof styles.chainSync>[0]>();
    expectTypeOf<Parameters<typeof styles.chainSync>[0]>().not.toMatchTypeOf<{ out_order_no: number }>();
    expectTypeOf(styles.declarativeSync).toEqualTypeOf(styles.chainSync);
    expectTypeOf(styles.bracketSync).toEqualTypeOf(styles.chainSync);
    expectTypeOf(styles.kebabSync).toEqualTypeOf(styles.chainSync);
    expectTypeOf(styles.underscoredPathSync).toEqualTypeOf(styles.chainSync);
    expectTypeOf(styles.chainSync).returns.toEqualTypeOf<WechatpayResponse<Completed>>();

    const async = [
      instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync,
      instance.chain(SEED).postAsync,
      instance[SEED].postAsync,
    ] as const;
    for (const call of async) {
      expectTypeOf(call).parameter(0).toEqualTypeOf<Parameters<typeof styles.chainSync>[0]>();
      expectTypeOf(call).returns.toEqualTypeOf<Promise<WechatpayResponse<Completed>>>();
    }
  });

  it('types the answer: json() gives the response fields, open to new ones', async () => {
    const res = await instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no: '1234323JKHDFE1243252', json });
    const body = res.json();
    expectTypeOf(body.order_id).toEqualTypeOf<string>();
    expectTypeOf(body.out_order_no).toEqualTypeOf<string>();
    expectTypeOf(body.something_new).toEqualTypeOf<unknown>();
    expectTypeOf(instance.chain(SEED).post({ out_order_no: 'A', json }).json().appid).toEqualTypeOf<string>();
    expectTypeOf(instance[SEED].post({ out_order_no: 'A', json }).json<{ mine: true }>()).toEqualTypeOf<{ mine: true }>();
  });

  it('refuses a wrong method, a wrong field, a missing required field and a wrong enum value', () => {
    const complete = instance.v3.payscore.smartretailOrders._out_order_no_.complete;
    // @ts-expect-error the endpoint is POST only
    complete.get({ out_order_no: 'A' });
    // @ts-expect-error the endpoint is POST only
    instance.chain(SEED).patchAsync({ out_order_no: 'A', json });
    // @ts-expect-error `appid` is misspelt
    complete.post({ out_order_no: 'A', json: { app_id: 'wx', service_id: '1' } });
    // @ts-expect-error `service_id` is required
    complete.post({ out_order_no: 'A', json: { appid: 'wx' } });
    // @ts-expect-error the placeholder `out_order_no` is required
    complete.postAsync({ json });
    // @ts-expect-error `finish_type` is 1 or 2
    complete.post({ out_order_no: 'A', json: { appid: 'wx', service_id: '1', finish_type: 3 } });
    // @ts-expect-error a misspelt placeholder in an object literal
    complete.post({ out_order_num: 'A', json });
  });

  it('lets a non-literal object with extra fields through, by structural typing', () => {
    const withExtras = { appid: 'wx', service_id: '1', finish_type: 1 as const, promo: 'not in the catalog' };
    expectTypeOf(instance[SEED].post).toBeCallableWith({ out_order_no: 'A', json: withExtras });
  });
});
