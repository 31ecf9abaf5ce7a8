import { createReadStream } from 'node:fs';
import { describe, expectTypeOf, it } from 'vitest';
import { Builder, type ChainNode, type EndpointOptions, type UntypedWechatpay, type Wechatpay, type WechatpayResponse } from 'wechatpay-ts';

declare const instance: ReturnType<typeof Builder.factory>;

describe('typed endpoints', () => {
  it('types a GET with a query and its answer', async () => {
    const node = instance.v3.pay.transactions.id._transaction_id_;
    const res = await node.getAsync({ transaction_id: '4200000000000000', query: { mchid: '1900000001' } });
    const order = res.json();
    expectTypeOf(order.trade_state).toEqualTypeOf<string | undefined>();
    expectTypeOf(order.transaction_id).toEqualTypeOf<string | undefined>();
    expectTypeOf(order.amount).toMatchTypeOf<{ total?: number } | undefined>();
    // @ts-expect-error the query's `mchid` is required
    node.get({ transaction_id: '1', query: {} });
    // @ts-expect-error GET only
    node.post({ transaction_id: '1', query: { mchid: '1' } });
  });

  it('gives an endpoint with several methods each of them, typed on its own', () => {
    const cards = instance.v3.brand.partner.cardMember.cards._card_id_;
    expectTypeOf(cards.get).toBeFunction();
    expectTypeOf(cards.patchAsync).toBeFunction();
    expectTypeOf(cards.delete).toBeFunction();
    expectTypeOf<EndpointOptions<'v3/brand/partner/card-member/cards/{card_id}', 'get'>>().not.toEqualTypeOf<
      EndpointOptions<'v3/brand/partner/card-member/cards/{card_id}', 'patch'>
    >();
    // @ts-expect-error no POST on this path
    cards.post({ card_id: '1' });
  });

  it('types an APIv2 endpoint: xml, security: true, and the answer from xml()', () => {
    const refund = instance.v2.secapi.pay.refund;
    const xml = { appid: 'wx', mch_id: '1900000001', out_trade_no: 'T1', out_refund_no: 'R1', total_fee: 100, refund_fee: 100 };
    const res = refund.post({ xml, security: true });
    expectTypeOf(res.xml().return_code).toEqualTypeOf<'SUCCESS' | 'FAIL'>();
    expectTypeOf(res.xml().coupon_refund_id_0).toEqualTypeOf<string>();
    expectTypeOf(res.xml().coupon_type_12).toEqualTypeOf<string>();
    expectTypeOf(res.json()).toEqualTypeOf<unknown>();
    // @ts-expect-error the refund goes over mutual TLS: security: true is required
    refund.post({ xml });
    // @ts-expect-error `sign` is computed by the client
    refund.post({ xml: { ...xml, sign: 'X' }, security: true });
    // @ts-expect-error `sign_type` is MD5 or HMAC-SHA256
    instance['v2/secapi/pay/refund'].postAsync({ xml: { ...xml, sign_type: 'SHA1' }, security: true });
  });

  it('types a multipart upload: FileInput parts and the meta fields', () => {
    const upload = instance.v3.merchant.media.upload;
    expectTypeOf(upload.postAsync).toBeCallableWith({ body: { file: 'file:///tmp/a.jpg' } });
    expectTypeOf(upload.postAsync).toBeCallableWith({
      body: { file: { data: createReadStream('/tmp/a.jpg'), filename: 'a.jpg' }, meta: (file) => ({ filename: file.filename, sha256: file.sha256 }) },
    });
    expectTypeOf(upload.post({ body: { file: new Blob([]) } }).json().media_id).toEqualTypeOf<string>();
    const receipts = instance.v3.marketing.shoppingReceipt.shoppingreceipts;
    // @ts-expect-error this meta has required fields of its own (transaction_id, openid…)
    receipts.post({ body: { file: '/tmp/r.png' } });
    // @ts-expect-error a part is a file, not a number
    upload.post({ body: { file: 42 } });
  });

  it('takes the body from an encrypt function instead of json, typed as json would be', () => {
    const orders = instance.v3.profitsharing.orders;
    const body = { transaction_id: '4208450740201411110007820472', out_order_no: 'P1', unfreeze_unsplit: true };
    orders.post({
      encrypt: (seal) => ({ ...body, receivers: [{ type: 'PERSONAL_OPENID', account: 'o1', amount: 100, description: 'x', name: seal('张三') }] }),
    });
    // @ts-expect-error the built body lacks the required transaction_id
    orders.post({ encrypt: () => ({ out_order_no: 'P1', unfreeze_unsplit: true }) });
    // @ts-expect-error json, or a function that builds it: not both
    orders.post({ json: body, encrypt: () => body });
    // @ts-expect-error without either, the body is missing
    orders.post({});
  });

  it('keeps unknown paths, segments and options loose, as before', () => {
    expectTypeOf(instance.v3.somethingNew._id_.postAsync).toEqualTypeOf<ChainNode['postAsync']>();
    expectTypeOf(instance.chain('v3/something/new').get).toEqualTypeOf<ChainNode['get']>();
    expectTypeOf(instance['v3/something/new']).toEqualTypeOf<ChainNode>();
    expectTypeOf(instance.v3.pay.transactions.somethingNew).toEqualTypeOf<ChainNode>();
    const path: string = 'v3/pay/transactions/native';
    expectTypeOf(instance.chain(path)).toEqualTypeOf<ChainNode>();
    expectTypeOf(instance.v3.somethingNew.post({ json: { any: 'thing' }, anything: 1 })).toEqualTypeOf<WechatpayResponse>();
    const untyped = Builder.factory<'untyped'>({} as never);
    expectTypeOf(untyped).toEqualTypeOf<UntypedWechatpay>();
    expectTypeOf(Builder.factory({} as never)).toEqualTypeOf<Wechatpay>();
    expectTypeOf<ReturnType<typeof Builder.factory>>().toEqualTypeOf<Wechatpay>();
    expectTypeOf(untyped.v3.pay.transactions.native.get).toEqualTypeOf<ChainNode['get']>();
  });
});
