import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Builder, V2Notification, type Wechatpay } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { fixture } from '../support/fixtures.js';
import { notifyReceiver } from '../support/notify-receiver.js';

const SECRET = fixture('apiv2-key.txt').trim();
const TLS = { ca: fixture('tls-ca.pem'), cert: fixture('tls-server.pem'), key: fixture('tls-server-key.pem') };
const MERCHANT_PEM = { cert: fixture('tls-client.pem'), key: fixture('tls-client-key.pem') };
const receiver = notifyReceiver();
const state = {} as { simulator: Simulator; client: Wechatpay };

beforeAll(async () => {
  state.simulator = await startSimulator({ v2: { secret: SECRET, tls: TLS }, timeScale: 0 });
  state.client = Builder.factory({
    mchid: state.simulator.mchid,
    secret: SECRET,
    merchant: MERCHANT_PEM,
    tls: { ca: TLS.ca },
    baseURL: state.simulator.secureBaseURL,
  });
});
afterAll(async () => {
  await state.client?.getDriver().close();
  await state.simulator?.close();
});

/** Collects the XML callbacks posted to `path`, answering WeChat Pay's SUCCESS. */
function inbox(path: string) {
  const bodies: string[] = [];
  const url = receiver.route(path, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'text/xml' }).end(V2Notification.success());
    });
  });
  return { url, bodies };
}

/** The APIv2 sign (MD5), computed here from the documented rule, not by the package. */
function md5Sign(fields: Record<string, string>): string {
  const text = Object.keys(fields)
    .filter((name) => name !== 'sign' && fields[name] !== '')
    .sort()
    .map((name) => `${name}=${fields[name]}`)
    .join('&');
  return createHash('md5').update(`${text}&key=${SECRET}`).digest('hex').toUpperCase();
}

const fieldsOf = (xml: string) =>
  Object.fromEntries(
    [...xml.replace(/^<xml>|<\/xml>$/g, '').matchAll(/<(\w+)>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?<\/\1>/g)].map((match) => [
      match[1] as string,
      match[2] as string,
    ]),
  );

describe('the APIv2 ledger', () => {
  it('unifiedorder, orderquery, pay with a signed XML callback, refund, refundquery and a refund callback', async () => {
    const { url, bodies } = inbox('/v2/pay');
    const appid = 'wx2421b1c4370ec43b';
    const mch_id = state.simulator.mchid;
    const order = {
      appid,
      mch_id,
      body: 'Tea',
      out_trade_no: 'X1',
      total_fee: 101,
      spbill_create_ip: '192.0.2.1',
      notify_url: url,
      trade_type: 'NATIVE',
    };
    const created = (await state.client.v2.pay.unifiedorder.postAsync({ xml: order })).xml();
    expect(created).toMatchObject({
      result_code: 'SUCCESS',
      trade_type: 'NATIVE',
      prepay_id: expect.stringMatching(/^wx/),
      code_url: expect.stringMatching(/^weixin:\/\//),
    });
    expect((await state.client.v2.pay.orderquery.postAsync({ xml: { appid, mch_id, out_trade_no: 'X1' } })).xml()).toMatchObject({
      trade_state: 'NOTPAY',
    });

    const paid = await state.simulator.pay('X1');
    expect(paid.callback).toMatchObject({ acknowledged: true });
    const notified = fieldsOf(bodies[0] as string);
    expect(notified).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS', out_trade_no: 'X1', total_fee: '101', trade_type: 'NATIVE' });
    expect(notified.sign).toBe(md5Sign(notified));
    const query = (await state.client.v2.pay.orderquery.postAsync({ xml: { appid, mch_id, out_trade_no: 'X1' } })).xml();
    expect(query).toMatchObject({ trade_state: 'SUCCESS', transaction_id: notified.transaction_id, time_end: expect.stringMatching(/^\d{14}$/) });
    // The same order through APIv3's eyes.
    expect((await state.simulator.orders())[0]).toMatchObject({ kind: 'v2', outTradeNo: 'X1', tradeState: 'SUCCESS' });

    const close = (await state.client.v2.pay.closeorder
      .postAsync({ xml: { appid, mch_id, out_trade_no: 'X1' } })
      .catch((e: unknown) => e)) as ApiError;
    expect(close).toMatchObject({ errCode: 'ORDERPAID' });
    const refund = { appid, mch_id, out_trade_no: 'X1', out_refund_no: 'XR1', total_fee: 101, refund_fee: 100, notify_url: url };
    expect((await state.client.v2.secapi.pay.refund.postAsync({ xml: refund, security: true })).xml()).toMatchObject({
      result_code: 'SUCCESS',
      refund_id: expect.stringMatching(/^50\d{27}$/),
      refund_fee: '100',
    });
    const tooMuch = (await state.client.v2.secapi.pay.refund
      .postAsync({ xml: { ...refund, out_refund_no: 'XR2', refund_fee: 2 }, security: true })
      .catch((e: unknown) => e)) as ApiError;
    expect(tooMuch).toMatchObject({ errCode: 'NOTENOUGH' });

    await state.simulator.settleRefund('XR1');
    const read = V2Notification.refund(bodies[1] as string, { secret: SECRET, mchid: mch_id });
    expect(read.refund).toMatchObject({ out_refund_no: 'XR1', refund_status: 'SUCCESS', refund_fee: '100', total_fee: '101' });
    expect((await state.client.v2.pay.refundquery.postAsync({ xml: { appid, mch_id, out_trade_no: 'X1' } })).xml()).toMatchObject({
      refund_count: '1',
      out_refund_no_0: 'XR1',
      refund_status_0: 'SUCCESS',
    });
  });

  it('answers ORDERNOTEXIST for an unknown order, and closes an unpaid one', async () => {
    const appid = 'wx2421b1c4370ec43b';
    const mch_id = state.simulator.mchid;
    const unknown = (await state.client.v2.pay.orderquery
      .postAsync({ xml: { appid, mch_id, out_trade_no: 'NONE' } })
      .catch((e: unknown) => e)) as ApiError;
    expect(unknown).toBeInstanceOf(ApiError);
    expect(unknown.errCode).toBe('ORDERNOTEXIST');
    await state.client.v2.pay.unifiedorder.postAsync({
      xml: {
        appid,
        mch_id,
        body: 'Tea',
        out_trade_no: 'X2',
        total_fee: 1,
        spbill_create_ip: '192.0.2.1',
        notify_url: 'https://www.example.com/n',
        trade_type: 'APP',
      },
    });
    expect((await state.client.v2.pay.closeorder.postAsync({ xml: { appid, mch_id, out_trade_no: 'X2' } })).xml()).toMatchObject({
      result_code: 'SUCCESS',
    });
    await expect(state.simulator.pay('X2')).rejects.toMatchObject({ name: 'ParameterError' });
  });
});
