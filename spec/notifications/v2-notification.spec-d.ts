import { describe, expectTypeOf, it } from 'vitest';
import { V2Notification, type V2RefundNotification, type V2WebhookPayloads, type V2WebhookPlaintexts } from 'wechatpay-ts';

declare const body: string;
const options = { secret: '192006250b4c09247ec02edce69f6a2d' };

describe('the APIv2 callbacks, typed from the catalog', () => {
  it('types the decrypted req_info of a refund notification', () => {
    const { payload, refund } = V2Notification.refund(body, options);
    expectTypeOf(refund.refund_status).toEqualTypeOf<'SUCCESS' | 'CHANGE' | 'REFUNDCLOSE'>();
    expectTypeOf(refund.out_refund_no).toEqualTypeOf<string>();
    expectTypeOf(refund.settlement_refund_fee).toEqualTypeOf<string | undefined>();
    expectTypeOf(payload.req_info).toEqualTypeOf<string>();
    expectTypeOf<V2RefundNotification['refund']>().toEqualTypeOf<V2WebhookPlaintexts['refund-processed']>();
    // @ts-expect-error a refund's status is one of the catalog's values
    const status: V2WebhookPlaintexts['refund-processed']['refund_status'] = 'DONE';
    // @ts-expect-error req_info has no trade_state: only the loose `string | undefined` of a field WeChat Pay may add
    expectTypeOf(refund.trade_state).toEqualTypeOf<string>();
    void status;
  });

  it('types the XML fields of a payment result notification', () => {
    const paid = V2Notification.payment(body, options);
    expectTypeOf(paid).toEqualTypeOf<V2WebhookPayloads['transaction-success']>();
    expectTypeOf(paid.out_trade_no).toEqualTypeOf<string>();
    expectTypeOf(paid.trade_type).toEqualTypeOf<'JSAPI' | 'NATIVE' | 'APP' | 'MWEB' | 'PAP'>();
    expectTypeOf(paid.coupon_fee).toEqualTypeOf<string | undefined>();
    expectTypeOf(paid.coupon_id_0).toEqualTypeOf<string>();
    // @ts-expect-error total_fee is a string in the XML, not a number
    expectTypeOf(paid.total_fee).toEqualTypeOf<number>();
  });

  it('types every other signed callback by its catalog name, and refuses the refund and unknown names', () => {
    expectTypeOf(V2Notification.verify('pap-contract-state-changed', body, options).change_type).toEqualTypeOf<'ADD' | 'DELETE'>();
    expectTypeOf(V2Notification.verify('CHECK.SUCCESS', body, options).event_type).toEqualTypeOf<'CHECK.SUCCESS'>();
    expectTypeOf(V2Notification.verify('vehicle-state-changed-for-parking', body, options).plate_number).toEqualTypeOf<string>();
    expectTypeOf<V2WebhookPlaintexts['CHECK.SUCCESS']['out_order_no']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error the refund notification is read with V2Notification.refund
    V2Notification.verify('refund-processed', body, options);
    // @ts-expect-error not an APIv2 callback of the catalog
    V2Notification.verify('transaction-succes', body, options);
    expectTypeOf<keyof V2WebhookPayloads>().toEqualTypeOf<
      | 'CHECK.FAIL'
      | 'CHECK.SUCCESS'
      | 'TRANSACTION.FAIL'
      | 'TRANSACTION.SUCCESS'
      | 'combined-transactions-success'
      | 'pap-contract-state-changed'
      | 'refund-processed'
      | 'transaction-success'
      | 'transactions-risk-occurred'
      | 'vehicle-state-changed-for-parking'
    >();
  });
});
