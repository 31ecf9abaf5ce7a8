import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { Bill, type BillRow } from '../bills/bill.js';
import type { Wechatpay } from '../chain/wechatpay.js';
import { Notification } from '../notifications/notification.js';
import type { Simulator } from '../simulator/simulator-options.js';
import { type Receiver, startReceiver } from './demo-receiver.js';

const APPID = 'wxd678efh567hg6787';
const TOTAL = 1200;
const REFUND = 200;

type Print = (line: string) => void;

/** One step's line: what it is, its outcome, the milliseconds since `started`, and what it did. */
function step(print: Print, label: string, outcome: string, started: number, detail: string, until = performance.now()): void {
  print(`${label.padEnd(8)}  ${outcome.padEnd(19)}  ${(until - started).toFixed(1).padStart(6)} ms  ${detail}`);
}

/**
 * One order's life against the simulator, each step on one line with its time: a JSAPI order, its payment, the
 * `TRANSACTION.SUCCESS` callback verified by a local handler, a refund and its `REFUND.SUCCESS` callback, and the
 * day's trade bill listing both. Any step that goes wrong throws, so the demo exits non-zero.
 */
export async function orderLife(instance: Wechatpay, simulator: Simulator, print: Print): Promise<void> {
  const receiver = await startReceiver(new Notification({ apiV3Key: simulator.apiV3Key, certs: simulator.config.certs }));
  try {
    await play(instance, simulator, receiver, print);
  } finally {
    await receiver.close();
  }
}

async function play(instance: Wechatpay, simulator: Simulator, receiver: Receiver, print: Print): Promise<void> {
  const outTradeNo = `DEMO${Date.now()}`;
  const outRefundNo = `${outTradeNo}R1`;
  print(`\nOne order's life, callbacks to ${receiver.url}\n`);

  let started = performance.now();
  const created = await instance.v3.pay.transactions.jsapi.postAsync({
    json: {
      appid: APPID,
      mchid: simulator.mchid,
      description: 'Coffee, large',
      out_trade_no: outTradeNo,
      notify_url: receiver.url,
      amount: { total: TOTAL, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    },
  });
  step(print, 'order', `${created.status} verified`, started, `POST v3/pay/transactions/jsapi  ${outTradeNo}  prepay_id ${created.json().prepay_id}`);

  started = performance.now();
  const paid = await Promise.race([simulator.pay(outTradeNo), receiver.refused]);
  const order = paid.orders[0];
  if (!paid.callback?.acknowledged || !order?.transactionId) throw new Error(`the payment's callback was not acknowledged`);
  step(print, 'pay', order.tradeState, started, `simulator.pay('${outTradeNo}')  transaction_id ${order.transactionId}`);
  printCallback(receiver, 'TRANSACTION.SUCCESS', started, print);

  started = performance.now();
  const refunded = await instance.v3.refund.domestic.refunds.postAsync({
    json: {
      out_trade_no: outTradeNo,
      out_refund_no: outRefundNo,
      reason: 'One cup fewer',
      notify_url: receiver.url,
      amount: { refund: REFUND, total: TOTAL, currency: 'CNY' },
    },
  });
  const refund = refunded.json();
  step(print, 'refund', `${refunded.status} verified`, started, `POST v3/refund/domestic/refunds  ${outRefundNo}  ${refund.status}`);

  started = performance.now();
  const settled = await Promise.race([simulator.settleRefund(outRefundNo), receiver.refused]);
  if (!settled.callback?.acknowledged) throw new Error(`the refund's callback was not acknowledged`);
  step(print, 'settle', settled.refund.status, started, `simulator.settleRefund('${outRefundNo}')  refund_id ${settled.refund.refundId}`);
  printCallback(receiver, 'REFUND.SUCCESS', started, print);

  // The bill of the payment's day, Beijing time, as WeChat Pay keeps its books.
  const billDate = (order.successTime as string).slice(0, 10);
  started = performance.now();
  const applied = await instance.v3.bill.tradebill.getAsync({ query: { bill_date: billDate } });
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await instance.getDriver().download(applied.json(), { to: sink });
  const rows: BillRow[] = [];
  for await (const row of Bill.parse(Buffer.concat(chunks))) if (row.商户订单号 === outTradeNo) rows.push(row);
  const kinds = rows.map((row) => row.交易状态).join(' + ');
  if (kinds !== 'SUCCESS + REFUND') throw new Error(`the trade bill of ${billDate} lists ${kinds || 'nothing'} for ${outTradeNo}`);
  step(print, 'bill', `${applied.status} verified`, started, `GET v3/bill/tradebill ${billDate}, downloaded (SHA-1 checked), read with Bill.parse`);
  for (const row of rows) {
    const amount = row.交易状态 === 'REFUND' ? `refund ${row.退款金额}` : `paid ${row.应结订单金额}`;
    print(`          ${row.交易时间}  ${row.交易状态.padEnd(7)}  ${row.商户订单号}  ${amount} ${row.货币种类}  fee ${row.手续费}`);
  }
}

/** The line of a callback the receiver verified, timed from the call that sent it. */
function printCallback(receiver: Receiver, eventType: string, started: number, print: Print): void {
  const got = receiver.received.find(({ event }) => event.event_type === eventType);
  if (!got) throw new Error(`the local handler received no ${eventType} callback`);
  step(print, 'callback', eventType, started, 'verified and decrypted by the local handler (Notification.nodeHandler)', got.at);
}
