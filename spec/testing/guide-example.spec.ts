import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Bill, Builder, fetchTransport, Notification } from 'wechatpay-ts';
import { createWechatpayMock } from 'wechatpay-ts/testing';

// Your app's callback route: a fetch handler built from its Notification. It records what the callbacks said.
const paid: string[] = [];
const refunded: string[] = [];
const notifyRoute = (notification: Notification) =>
  notification.fetchHandler(async (event) => {
    if (event.event_type === 'TRANSACTION.SUCCESS') paid.push(event.resource.out_trade_no);
    if (event.event_type === 'REFUND.SUCCESS') refunded.push(event.resource.out_refund_no);
  });

// The mock hands every callback to that route, as WeChat Pay would POST it to notify_url.
const wechatpay = createWechatpayMock({ onCallback: (request) => route(request) });
const route = notifyRoute(new Notification({ apiV3Key: wechatpay.apiV3Key, certs: wechatpay.config.certs }));
// msw sees only fetch: the client goes through fetchTransport().
const instance = Builder.factory({ ...wechatpay.config, transport: fetchTransport() });
const server = setupServer(...wechatpay.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(async () => {
  server.close();
  await wechatpay.close();
});

it('orders, is paid, refunds, and finds both in the bill', async () => {
  const order = await instance.v3.pay.transactions.jsapi.postAsync({
    json: {
      appid: 'wxd678efh567hg6787',
      mchid: wechatpay.mchid,
      description: 'Coffee',
      out_trade_no: 'ORDER-1',
      notify_url: 'https://shop.example.com/wechatpay/notify',
      amount: { total: 1250, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    },
  });
  expect(order.json().prepay_id).toMatch(/^wx/);

  // The payer pays: the signed, encrypted callback reaches the route, which verifies it and answers 204.
  const payment = await wechatpay.pay('ORDER-1');
  expect(payment.callback).toMatchObject({ event: 'TRANSACTION.SUCCESS', acknowledged: true });
  expect(paid).toEqual(['ORDER-1']);

  await instance.v3.refund.domestic.refunds.postAsync({
    json: {
      out_trade_no: 'ORDER-1',
      out_refund_no: 'REFUND-1',
      notify_url: 'https://shop.example.com/wechatpay/notify',
      amount: { refund: 250, total: 1250, currency: 'CNY' },
    },
  });
  const settled = await wechatpay.settleRefund('REFUND-1');
  expect(settled.callback).toMatchObject({ event: 'REFUND.SUCCESS', acknowledged: true });
  expect(refunded).toEqual(['REFUND-1']);

  // The day's trade bill lists the payment and the refund.
  const [{ successTime }] = await wechatpay.orders();
  const bill_date = String(successTime).slice(0, 10);
  const { download_url } = (await instance.v3.bill.tradebill.getAsync({ query: { bill_date } })).json();
  const token = new URL(download_url).searchParams.get('token') ?? '';
  const csv = (await instance.v3.billdownload.file.getAsync({ query: { token } })).text();
  const rows: Array<Record<string, string>> = [];
  for await (const row of Bill.parse(csv)) rows.push(row);
  expect(rows.map((row) => [row.商户订单号, row.交易状态, row.应结订单金额, row.退款金额])).toEqual([
    ['ORDER-1', 'SUCCESS', '12.50', '0.00'],
    ['ORDER-1', 'REFUND', '0.00', '2.50'],
  ]);
});
