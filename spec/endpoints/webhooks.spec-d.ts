import { describe, expectTypeOf, it } from 'vitest';
import type { Notification, IncomingNotification, NotificationEvent, WebhookEvent, WebhookResources } from 'wechatpay-ts';

declare const notification: Notification;
declare const incoming: IncomingNotification;

describe('callback events', () => {
  it('narrows the decrypted resource by event_type', () => {
    const event = notification.verify(incoming);
    expectTypeOf(event).toEqualTypeOf<WebhookEvent>();
    if (event.event_type === 'REFUND.SUCCESS') {
      expectTypeOf(event.resource.refund_status).toEqualTypeOf<'SUCCESS' | 'CLOSED' | 'ABNORMAL'>();
      expectTypeOf(event.resource.out_refund_no).toEqualTypeOf<string>();
      // @ts-expect-error a refund has no trade_state
      expectTypeOf(event.resource.trade_state).toEqualTypeOf<string>();
    }
    switch (event.event_type) {
      case 'TRANSACTION.SUCCESS':
        expectTypeOf(event.resource).toEqualTypeOf<WebhookResources['TRANSACTION.SUCCESS']>();
        expectTypeOf(event.resource.out_trade_no).toEqualTypeOf<string>();
        break;
      default:
        expectTypeOf(event.resource).toMatchTypeOf<Record<string, unknown>>();
    }
  });

  it('types the handlers alike', () => {
    notification.nodeHandler((event) => {
      if (event.event_type === 'TRANSACTION.SUCCESS') expectTypeOf(event.resource.transaction_id).toEqualTypeOf<string>();
    });
  });

  it('still accepts an event the catalog does not know, loosely', () => {
    const event = notification.verify<{ brand_new: string }>(incoming);
    expectTypeOf(event).toEqualTypeOf<NotificationEvent<{ brand_new: string }>>();
    const loose: NotificationEvent = notification.verify(incoming);
    expectTypeOf(loose.event_type).toEqualTypeOf<string>();
    if (loose.event_type === 'SOMETHING.NEW') expectTypeOf(loose.resource).toEqualTypeOf<Record<string, unknown>>();
  });
});
