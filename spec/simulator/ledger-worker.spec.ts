import { describe, expect, it } from 'vitest';
import { ApiError, ParameterError } from 'wechatpay-ts';
import { notifyReceiver } from '../support/notify-receiver.js';
import { simulated } from '../support/simulated.js';

// In a worker thread: the synchronous calls below block this one.
const state = simulated({ timeScale: 0 });
const receiver = notifyReceiver();

const order = (no: string, notifyUrl: string) => ({
  appid: 'wxd678efh567hg6787',
  mchid: state.simulator.mchid,
  description: 'Coffee',
  out_trade_no: no,
  notify_url: notifyUrl,
  amount: { total: 88 },
  payer: { openid: 'o1' },
});

describe('the ledger in worker mode, with synchronous calls', () => {
  it('creates and queries synchronously; pay(), orders(), refunds(), faults and reset() go through the worker', async () => {
    let delivered = 0;
    const url = receiver.route('/worker/pay', (req, res) => {
      req.resume();
      req.on('end', () => {
        delivered += 1;
        res.writeHead(delivered === 1 ? 500 : 204).end();
      });
    });
    const { untyped: client, simulator } = state;
    expect(client.v3.pay.transactions.jsapi.post({ json: order('W1', url) }).json()).toEqual({ prepay_id: expect.stringMatching(/^wx/) });
    expect(client.v3.pay.transactions.outTradeNo._out_trade_no_.get({ out_trade_no: 'W1', query: { mchid: simulator.mchid } }).json()).toMatchObject({
      trade_state: 'NOTPAY',
    });

    const paid = await simulator.pay('W1', { openid: 'oPayer' });
    expect(paid.callback).toMatchObject({ acknowledged: true, attempts: [{ status: 500 }, { status: 204 }] });
    expect(client.v3.pay.transactions.outTradeNo._out_trade_no_.get({ out_trade_no: 'W1', query: { mchid: simulator.mchid } }).json()).toMatchObject({
      trade_state: 'SUCCESS',
      payer: { openid: 'oPayer' },
    });

    client.v3.refund.domestic.refunds.post({ json: { out_trade_no: 'W1', out_refund_no: 'WR1', amount: { refund: 8, total: 88, currency: 'CNY' } } });
    expect(await simulator.refunds()).toEqual([expect.objectContaining({ outRefundNo: 'WR1', status: 'PROCESSING' })]);
    expect((await simulator.settleRefund('WR1')).refund.status).toBe('SUCCESS');

    await simulator.faults.add({ operation: 'POST v3/pay/transactions/jsapi', times: 1, kind: { type: 'status', status: 500 } });
    // Sent once (no built-in retry), so that the one programmed fault is what the call meets.
    expect(() => client.v3.pay.transactions.jsapi.post({ json: order('W2', url), retry: false })).toThrow(ApiError);

    const error = await simulator.pay('NOPE').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ parameter: 'outTradeNo' });

    expect((await simulator.orders()).map((entry) => entry.outTradeNo)).toEqual(['W1']);
    await simulator.reset();
    expect(await simulator.orders()).toEqual([]);
    expect(await simulator.refunds()).toEqual([]);
  });
});
