import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, Bill, Builder, Notification, ParameterError, type UntypedWechatpay } from 'wechatpay-ts';
import { RETRY_SCHEDULE, startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { notifyReceiver } from '../support/notify-receiver.js';

const receiver = notifyReceiver();
const state = {} as { simulator: Simulator; client: UntypedWechatpay; notification: Notification };

beforeAll(async () => {
  state.simulator = await startSimulator({ timeScale: 0.00001 });
  state.client = Builder.factory(state.simulator.config) as unknown as UntypedWechatpay;
  state.notification = new Notification({ apiV3Key: state.simulator.apiV3Key, certs: state.simulator.config.certs });
});
afterAll(async () => {
  await state.client?.getDriver().close();
  await state.simulator?.close();
});
beforeEach(() => state.simulator.reset());

/** Receives callbacks at `path`: verifies and decrypts each with the client's Notification, answers `statuses` in turn (then 200). */
function inbox(path: string, statuses: number[] = []) {
  const events: Array<{ id: string; event_type: string; resource: Record<string, unknown> }> = [];
  const url = receiver.route(path, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
      const event = state.notification.verify({ headers, body: Buffer.concat(chunks) }) as unknown as {
        id: string;
        event_type: string;
        resource: Record<string, unknown>;
      };
      events.push(event);
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  return { url, events };
}

const mchid = () => state.simulator.mchid;
const jsapi = (outTradeNo: string, notifyUrl: string, total = 100) => ({
  appid: 'wxd678efh567hg6787',
  mchid: mchid(),
  description: 'Coffee',
  out_trade_no: outTradeNo,
  notify_url: notifyUrl,
  amount: { total, currency: 'CNY' },
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
});
const failure = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => error as ApiError,
  );

describe('the ledger: an order from creation to payment', () => {
  it('creates a JSAPI order, answers NOTPAY, pays it with a verified TRANSACTION.SUCCESS callback, then answers SUCCESS', async () => {
    const { url, events } = inbox('/pay/1');
    const created = await state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi('T1', url) });
    expect(created.json<{ prepay_id: string }>().prepay_id).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    const before = (
      await state.client.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: 'T1', query: { mchid: mchid() } })
    ).json<Record<string, unknown>>();
    expect(before).toMatchObject({
      out_trade_no: 'T1',
      mchid: mchid(),
      trade_state: 'NOTPAY',
      trade_type: 'JSAPI',
      amount: { total: 100, currency: 'CNY' },
      description: 'Coffee',
      notify_url: url,
    });
    expect(before.transaction_id).toBeUndefined();

    const paid = await state.simulator.pay('T1');
    expect(paid.callback).toMatchObject({ event: 'TRANSACTION.SUCCESS', to: url, acknowledged: true });
    expect(paid.callback?.attempts).toHaveLength(1);
    expect(events).toHaveLength(1);
    const resource = events[0]?.resource as Record<string, unknown>;
    expect(events[0]?.event_type).toBe('TRANSACTION.SUCCESS');
    expect(resource).toMatchObject({
      out_trade_no: 'T1',
      trade_state: 'SUCCESS',
      trade_type: 'JSAPI',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: 100, payer_total: 100 },
    });
    expect(resource.transaction_id).toMatch(/^42\d{26}$/);

    const byId = (
      await state.client.v3.pay.transactions.id._transaction_id_.getAsync({ transaction_id: resource.transaction_id, query: { mchid: mchid() } })
    ).json();
    expect(byId).toMatchObject({
      out_trade_no: 'T1',
      trade_state: 'SUCCESS',
      transaction_id: resource.transaction_id,
      success_time: resource.success_time,
    });
    const close = await failure(
      state.client.v3.pay.transactions.outTradeNo._out_trade_no_.close.postAsync({ out_trade_no: 'T1', json: { mchid: mchid() } }),
    );
    expect(close).toMatchObject({ status: 400, code: 'ORDERPAID' });
    await expect(state.simulator.pay('T1')).rejects.toBeInstanceOf(ParameterError);
    expect(await state.simulator.orders()).toEqual([
      expect.objectContaining({ outTradeNo: 'T1', tradeState: 'SUCCESS', transactionId: resource.transaction_id }),
    ]);
  });

  it('answers the same order for the same out_trade_no and parameters, INVALID_REQUEST for other parameters', async () => {
    const order = jsapi('T2', 'https://www.example.com/notify');
    const first = (await state.client.v3.pay.transactions.jsapi.postAsync({ json: order })).json();
    const again = (await state.client.v3.pay.transactions.jsapi.postAsync({ json: order })).json();
    expect(again).toEqual(first);
    const other = await failure(state.client.v3.pay.transactions.jsapi.postAsync({ json: { ...order, amount: { total: 200, currency: 'CNY' } } }));
    expect(other).toBeInstanceOf(ApiError);
    expect(other).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    expect(await state.simulator.orders()).toHaveLength(1);
  });

  it('answers code_url for Native, h5_url for H5 and prepay_id for APP', async () => {
    const base = { appid: 'wxd678efh567hg6787', mchid: mchid(), description: 'Tea', notify_url: 'https://www.example.com/n', amount: { total: 1 } };
    const native = (await state.client.v3.pay.transactions.native.postAsync({ json: { ...base, out_trade_no: 'N1' } })).json();
    expect(native).toEqual({ code_url: expect.stringMatching(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w{7}$/) });
    const h5 = (
      await state.client.v3.pay.transactions.h5.postAsync({
        json: { ...base, out_trade_no: 'H1', scene_info: { payer_client_ip: '192.0.2.1', h5_info: { type: 'Wap' } } },
      })
    ).json();
    expect(h5).toEqual({ h5_url: expect.stringMatching(/^https:\/\/wx\.tenpay\.com\/cgi-bin\/mmpayweb-bin\/checkmweb\?prepay_id=wx/) });
    const app = (await state.client.v3.pay.transactions.app.postAsync({ json: { ...base, out_trade_no: 'A1' } })).json();
    expect(app).toEqual({ prepay_id: expect.stringMatching(/^wx/) });
    expect((await state.simulator.orders()).map((order) => order.tradeType)).toEqual(['NATIVE', 'MWEB', 'APP']);
  });

  it('closes an unpaid order (204), which then cannot be paid; an unknown order is 404 ORDER_NOT_EXIST', async () => {
    await state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi('C1', 'https://www.example.com/n') });
    const closed = await state.client.v3.pay.transactions.outTradeNo._out_trade_no_.close.postAsync({ out_trade_no: 'C1', json: { mchid: mchid() } });
    expect(closed.status).toBe(204);
    const query = (
      await state.client.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: 'C1', query: { mchid: mchid() } })
    ).json();
    expect(query).toMatchObject({ trade_state: 'CLOSED' });
    await expect(state.simulator.pay('C1')).rejects.toMatchObject({ name: 'ParameterError', message: expect.stringContaining('closed') });
    const unknown = await failure(
      state.client.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: 'NOPE', query: { mchid: mchid() } }),
    );
    expect(unknown).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST' });
    await expect(state.simulator.pay('NOPE')).rejects.toMatchObject({ name: 'ParameterError', parameter: 'outTradeNo' });
  });

  it('serves partner orders per sub-merchant', async () => {
    const { url, events } = inbox('/pay/partner');
    const order = {
      sp_appid: 'wxd678efh567hg6787',
      sp_mchid: mchid(),
      sub_mchid: '1900000109',
      description: 'Cake',
      out_trade_no: 'P1',
      notify_url: url,
      amount: { total: 300 },
      payer: { sp_openid: 'oSp' },
    };
    await state.client.v3.pay.partner.transactions.jsapi.postAsync({ json: order });
    await state.simulator.pay('P1');
    expect(events[0]?.resource).toMatchObject({ sp_mchid: mchid(), sub_mchid: '1900000109', out_trade_no: 'P1', trade_state: 'SUCCESS' });
    const query = (
      await state.client.v3.pay.partner.transactions.outTradeNo._out_trade_no_.getAsync({
        out_trade_no: 'P1',
        query: { sp_mchid: mchid(), sub_mchid: '1900000109' },
      })
    ).json();
    expect(query).toMatchObject({ sub_mchid: '1900000109', trade_state: 'SUCCESS', payer: { sp_openid: 'oSp' } });
    const elsewhere = await failure(
      state.client.v3.pay.partner.transactions.outTradeNo._out_trade_no_.getAsync({
        out_trade_no: 'P1',
        query: { sp_mchid: mchid(), sub_mchid: '1900000110' },
      }),
    );
    expect(elsewhere).toMatchObject({ code: 'ORDER_NOT_EXIST' });
  });

  it('pays a combined order: every sub-order, one callback', async () => {
    const { url, events } = inbox('/pay/combine');
    const sub = (no: string, total: number) => ({
      mchid: mchid(),
      sub_mchid: '1900000109',
      attach: 'a',
      amount: { total_amount: total, currency: 'CNY' },
      out_trade_no: no,
      description: 'Part',
    });
    const json = {
      combine_appid: 'wxd678efh567hg6787',
      combine_mchid: mchid(),
      combine_out_trade_no: 'CB1',
      sub_orders: [sub('S1', 10), sub('S2', 20)],
      combine_payer_info: { openid: 'oC' },
      notify_url: url,
    };
    expect((await state.client.v3.combineTransactions.jsapi.postAsync({ json })).json()).toEqual({ prepay_id: expect.stringMatching(/^wx/) });
    const paid = await state.simulator.pay('CB1');
    expect(paid.orders.map((order) => [order.outTradeNo, order.tradeState])).toEqual([
      ['S1', 'SUCCESS'],
      ['S2', 'SUCCESS'],
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]?.resource).toMatchObject({
      combine_out_trade_no: 'CB1',
      sub_orders: [{ out_trade_no: 'S1', trade_state: 'SUCCESS' }, { out_trade_no: 'S2' }],
    });
    const query = (await state.client.v3.combineTransactions.outTradeNo._combine_out_trade_no_.getAsync({ combine_out_trade_no: 'CB1' })).json();
    expect(query).toMatchObject({
      combine_out_trade_no: 'CB1',
      sub_orders: [
        { trade_state: 'SUCCESS', amount: { total_amount: 10 } },
        { trade_state: 'SUCCESS', amount: { total_amount: 20 } },
      ],
    });
    const close = await failure(
      state.client.v3.combineTransactions.outTradeNo._combine_out_trade_no_.close.postAsync({
        combine_out_trade_no: 'CB1',
        json: { combine_appid: 'wxd678efh567hg6787', sub_orders: [{ mchid: mchid(), out_trade_no: 'S1' }] },
      }),
    );
    expect(close).toMatchObject({ code: 'ORDERPAID' });
  });

  it('retries an unacknowledged callback on the (scaled) schedule until a 2xx', async () => {
    const { url, events } = inbox('/pay/retry', [500, 503]);
    await state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi('R1', url) });
    const { callback } = await state.simulator.pay('R1');
    expect(callback?.acknowledged).toBe(true);
    expect(callback?.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    expect(events).toHaveLength(3);
    // The same callback each time: one id, one resource.
    expect(new Set(events.map((event) => event.id)).size).toBe(1);
    expect(events[2]?.resource).toEqual(events[0]?.resource);
    expect(RETRY_SCHEDULE).toEqual([15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]);
  });

  it('gives up after the whole schedule when the receiver never acknowledges', async () => {
    const { url } = inbox(
      '/pay/never',
      Array.from({ length: 20 }, () => 500),
    );
    await state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi('R2', url) });
    const { callback } = await state.simulator.pay('R2');
    expect(callback?.acknowledged).toBe(false);
    expect(callback?.attempts).toHaveLength(RETRY_SCHEDULE.length + 1);
  });
});

describe('the ledger: repeatable ids', () => {
  it('gives the same prepay_id and transaction_id for the same seed and order, others for another seed', async () => {
    const run = async (seed: string) => {
      const simulator = await startSimulator({ seed });
      const client = Builder.factory(simulator.config) as unknown as UntypedWechatpay;
      try {
        const order = { ...jsapi('D1', 'https://www.example.com/n'), mchid: simulator.mchid };
        const { prepay_id } = (await client.v3.pay.transactions.jsapi.postAsync({ json: order })).json<{ prepay_id: string }>();
        const paid = await simulator.pay('D1', { silent: true });
        return [prepay_id, paid.orders[0]?.transactionId];
      } finally {
        await client.getDriver().close();
        await simulator.close();
      }
    };
    const [first, again, other] = [await run('a'), await run('a'), await run('b')];
    expect(again).toEqual(first);
    expect(other[0]).not.toBe(first[0]);
    expect(other[1]).not.toBe(first[1]);
  });
});

describe('the ledger: refunds', () => {
  async function paidOrder(no: string, total = 100) {
    await state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi(no, 'https://www.example.com/n', total) });
    return (await state.simulator.pay(no, { silent: true })).orders[0]?.transactionId as string;
  }

  it('refunds within the amount paid, NOT_ENOUGH beyond it, and sends REFUND.SUCCESS when settled', async () => {
    const { url, events } = inbox('/refund/1');
    const transactionId = await paidOrder('F1', 100);
    const refund = (
      await state.client.v3.refund.domestic.refunds.postAsync({
        json: { out_trade_no: 'F1', out_refund_no: 'RF1', notify_url: url, amount: { refund: 60, total: 100, currency: 'CNY' } },
      })
    ).json();
    expect(refund).toMatchObject({
      out_refund_no: 'RF1',
      out_trade_no: 'F1',
      transaction_id: transactionId,
      status: 'PROCESSING',
      amount: { refund: 60, total: 100 },
    });
    const tooMuch = await failure(
      state.client.v3.refund.domestic.refunds.postAsync({
        json: { transaction_id: transactionId, out_refund_no: 'RF2', amount: { refund: 50, total: 100, currency: 'CNY' } },
      }),
    );
    expect(tooMuch).toMatchObject({ status: 403, code: 'NOT_ENOUGH' });
    const settled = await state.simulator.settleRefund('RF1');
    expect(settled.callback).toMatchObject({ event: 'REFUND.SUCCESS', acknowledged: true });
    expect(events[0]).toMatchObject({
      event_type: 'REFUND.SUCCESS',
      resource: { out_refund_no: 'RF1', refund_status: 'SUCCESS', amount: { refund: 60, total: 100 } },
    });
    const query = (await state.client.v3.refund.domestic.refunds._out_refund_no_.getAsync({ out_refund_no: 'RF1' })).json();
    expect(query).toMatchObject({ status: 'SUCCESS', refund_id: (refund as { refund_id: string }).refund_id });
    expect(await state.simulator.refunds()).toEqual([expect.objectContaining({ outRefundNo: 'RF1', status: 'SUCCESS', refund: 60 })]);
  });

  it('sends REFUND.ABNORMAL on request, and the money can be refunded again', async () => {
    const { url, events } = inbox('/refund/2');
    await paidOrder('F2', 100);
    await state.client.v3.refund.domestic.refunds.postAsync({
      json: { out_trade_no: 'F2', out_refund_no: 'RA1', notify_url: url, amount: { refund: 100, total: 100, currency: 'CNY' } },
    });
    await state.simulator.settleRefund('RA1', { status: 'ABNORMAL' });
    expect(events[0]).toMatchObject({ event_type: 'REFUND.ABNORMAL', resource: { refund_status: 'ABNORMAL' } });
    const again = await state.client.v3.refund.domestic.refunds.postAsync({
      json: { out_trade_no: 'F2', out_refund_no: 'RA2', amount: { refund: 100, total: 100, currency: 'CNY' } },
    });
    expect(again.status).toBe(200);
  });

  it('refuses a refund of an unpaid order, and an unknown refund is RESOURCE_NOT_EXISTS', async () => {
    await state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi('F3', 'https://www.example.com/n') });
    const unpaid = await failure(
      state.client.v3.refund.domestic.refunds.postAsync({
        json: { out_trade_no: 'F3', out_refund_no: 'RU1', amount: { refund: 1, total: 100, currency: 'CNY' } },
      }),
    );
    expect(unpaid).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    const unknown = await failure(state.client.v3.refund.domestic.refunds._out_refund_no_.getAsync({ out_refund_no: 'NOPE' }));
    expect(unknown).toMatchObject({ status: 404, code: 'RESOURCE_NOT_EXISTS' });
  });
});

describe('the ledger: profit sharing', () => {
  it('shares out of a paid order, NOT_ENOUGH beyond it, unfreezes the rest, and takes money back', async () => {
    await state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi('PS1', 'https://www.example.com/n', 1000) });
    const transactionId = (await state.simulator.pay('PS1', { silent: true })).orders[0]?.transactionId as string;
    const receiver = { type: 'MERCHANT_ID', account: '1900000109', amount: 300, description: 'commission' };
    const shared = (
      await state.client.v3.profitsharing.orders.postAsync({
        json: { appid: 'wxd678efh567hg6787', transaction_id: transactionId, out_order_no: 'S1', receivers: [receiver], unfreeze_unsplit: false },
      })
    ).json();
    expect(shared).toMatchObject({
      transaction_id: transactionId,
      out_order_no: 'S1',
      state: 'FINISHED',
      order_id: expect.stringMatching(/^\d{30}$/),
      receivers: [{ account: '1900000109', amount: 300, result: 'SUCCESS' }],
    });
    const left = (await state.client.v3.profitsharing.transactions._transaction_id_.amounts.getAsync({ transaction_id: transactionId })).json();
    expect(left).toEqual({ transaction_id: transactionId, unsplit_amount: 700 });
    const tooMuch = await failure(
      state.client.v3.profitsharing.orders.postAsync({
        json: {
          appid: 'wxd678efh567hg6787',
          transaction_id: transactionId,
          out_order_no: 'S2',
          receivers: [{ ...receiver, amount: 701 }],
          unfreeze_unsplit: false,
        },
      }),
    );
    expect(tooMuch).toMatchObject({ status: 403, code: 'NOT_ENOUGH' });
    const back = (
      await state.client.v3.profitsharing.returnOrders.postAsync({
        json: { out_order_no: 'S1', out_return_no: 'RT1', return_mchid: '1900000109', amount: 100, description: 'back' },
      })
    ).json();
    expect(back).toMatchObject({ out_return_no: 'RT1', amount: 100, result: 'SUCCESS' });
    await state.client.v3.profitsharing.orders.unfreeze.postAsync({
      json: { transaction_id: transactionId, out_order_no: 'S3', description: 'done' },
    });
    expect(
      (await state.client.v3.profitsharing.transactions._transaction_id_.amounts.getAsync({ transaction_id: transactionId })).json(),
    ).toMatchObject({ unsplit_amount: 0 });
    const query = (
      await state.client.v3.profitsharing.orders._out_order_no_.getAsync({ out_order_no: 'S1', query: { transaction_id: transactionId } })
    ).json();
    expect(query).toMatchObject({ out_order_no: 'S1', state: 'FINISHED' });
  });
});

describe('the ledger: bills', () => {
  it("lists the day's payments and refunds from the ledger in the trade bill", async () => {
    await state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi('B1', 'https://www.example.com/n', 1250) });
    await state.simulator.pay('B1', { silent: true });
    await state.client.v3.refund.domestic.refunds.postAsync({
      json: { out_trade_no: 'B1', out_refund_no: 'BR1', amount: { refund: 250, total: 1250, currency: 'CNY' } },
    });
    await state.simulator.settleRefund('BR1');
    const [order] = await state.simulator.orders();
    const date = String(order?.successTime).slice(0, 10);
    const applied = (await state.client.v3.bill.tradebill.getAsync({ query: { bill_date: date } })).json<{ download_url: string }>();
    const token = new URL(applied.download_url).searchParams.get('token') ?? '';
    const csv = (await state.client.v3.billdownload.file.getAsync({ query: { token } })).text();
    const rows: Array<Record<string, string>> = [];
    const bill = Bill.parse(csv);
    for await (const row of bill) rows.push(row);
    expect(rows.map((row) => [row.商户订单号, row.交易状态, row.应结订单金额, row.退款金额])).toEqual([
      ['B1', 'SUCCESS', '12.50', '0.00'],
      ['B1', 'REFUND', '0.00', '2.50'],
    ]);
    expect(await bill.summary()).toMatchObject({ 总交易单数: '2', 应结订单总金额: '12.50', 退款总金额: '2.50' });

    const fund = (await state.client.v3.bill.fundflowbill.getAsync({ query: { bill_date: date } })).json<{ download_url: string }>();
    const fundToken = new URL(fund.download_url).searchParams.get('token') ?? '';
    const fundBill = Bill.parse((await state.client.v3.billdownload.file.getAsync({ query: { token: fundToken } })).text());
    const flows: Array<Record<string, string>> = [];
    for await (const row of fundBill) flows.push(row);
    // 12.50 paid less the 0.6 % fee (0.08), 2.50 refunded less its fee (0.02).
    expect(flows.map((row) => [row.业务名称, row.收支类型, row['收支金额（元）']])).toEqual([
      ['交易', '收入', '12.42'],
      ['退款', '支出', '2.48'],
    ]);
    expect(await fundBill.summary()).toMatchObject({ 资金流水总笔数: '2', 收入金额: '12.42', 支出金额: '2.48' });
    expect(csv).toContain(`\`${order?.transactionId}`);
    expect(csv).toContain('`B1');
    expect(csv).toContain('`BR1');
    expect(csv).toContain('`12.50');
    expect(csv).toContain('`2.50');
  });
});

describe('the control routes, for other processes', () => {
  it('pays, lists and resets through POST /__simulator/…, unsigned', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(new URL(`__simulator/${path}`, state.simulator.baseURL), { method, ...(body !== undefined && { body: JSON.stringify(body) }) }).then(
        async (response) => ({ status: response.status, json: await response.json() }),
      );
    await state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi('K1', 'https://www.example.com/n') });
    expect(await control('POST', 'pay', { outTradeNo: 'K1', silent: true })).toMatchObject({
      status: 200,
      json: { orders: [{ outTradeNo: 'K1', tradeState: 'SUCCESS' }] },
    });
    expect(await control('GET', 'orders')).toMatchObject({ status: 200, json: [{ outTradeNo: 'K1', tradeState: 'SUCCESS' }] });
    expect(await control('POST', 'pay', { outTradeNo: 'K1' })).toMatchObject({ status: 400, json: { code: 'PARAM_ERROR', parameter: 'outTradeNo' } });
    expect(await control('POST', 'faults', { kind: { type: 'status', status: 429 }, times: 1 })).toMatchObject({ status: 200 });
    // Sent once (no built-in retry), so that the one programmed fault is what the call meets.
    await expect(
      state.client.v3.pay.transactions.jsapi.postAsync({ json: jsapi('K2', 'https://www.example.com/n'), retry: false }),
    ).rejects.toMatchObject({
      code: 'FREQUENCY_LIMITED',
    });
    expect(await control('POST', 'reset')).toMatchObject({ status: 200 });
    expect(await control('GET', 'orders')).toEqual({ status: 200, json: [] });
    expect(await control('GET', 'nothing')).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
  });
});

describe('the seed endpoint on the ledger', () => {
  const SEED = 'v3/payscore/smartretail-orders/{out_order_no}/complete';
  const completion = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 };

  it('answers a repeated completion the same, refuses one with other parameters, and forgets it on reset()', async () => {
    const { client, simulator } = state;
    const first = (await client.chain(SEED).postAsync({ out_order_no: 'SR-1', json: completion })).json<{ order_id: string }>();
    const again = (await client.chain(SEED).postAsync({ out_order_no: 'SR-1', json: completion })).json<{ order_id: string }>();
    expect(again.order_id).toBe(first.order_id);
    const other = { ...completion, total_amount: 900 };
    const refused = await client
      .chain(SEED)
      .postAsync({ out_order_no: 'SR-1', json: other })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 400, code: 'INVALID_REQUEST', verified: true });
    await simulator.reset();
    expect((await client.chain(SEED).postAsync({ out_order_no: 'SR-1', json: other })).status).toBe(200);
  });
});
