import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Builder, ParameterError, TransportError, VerificationError, type UntypedWechatpay } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';

const state = {} as { simulator: Simulator; client: UntypedWechatpay };

beforeAll(async () => {
  state.simulator = await startSimulator();
  // The faults as the client meets them, one request each: no built-in retry (spec/retry tests that).
  state.client = Builder.factory({ ...state.simulator.config, retry: false }) as unknown as UntypedWechatpay;
});
afterAll(async () => {
  await state.client?.getDriver().close();
  await state.simulator?.close();
});
afterEach(() => state.simulator.faults.clear());

const JSAPI = 'POST v3/pay/transactions/jsapi';
const order = (no: string) => ({
  appid: 'wxd678efh567hg6787',
  mchid: state.simulator.mchid,
  description: 'Coffee',
  out_trade_no: no,
  notify_url: 'https://www.example.com/n',
  amount: { total: 1 },
  payer: { openid: 'o1' },
});
const create = (no: string, timeout?: number) => state.client.v3.pay.transactions.jsapi.postAsync({ json: order(no), ...(timeout && { timeout }) });
const failure = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('faults programmed from the test', () => {
  it('status 500: a signed SYSTEM_ERROR, the given number of times, then the usual answer', async () => {
    await state.simulator.faults.add({ operation: JSAPI, times: 2, kind: { type: 'status', status: 500 } });
    for (const no of ['F1', 'F2']) {
      const error = await failure(create(no));
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 500, code: 'SYSTEM_ERROR' });
    }
    expect((await create('F3')).status).toBe(200);
  });

  it('status 429: FREQUENCY_LIMITED', async () => {
    await state.simulator.faults.add({ kind: { type: 'status', status: 429 } });
    expect(await failure(create('F4'))).toMatchObject({ status: 429, code: 'FREQUENCY_LIMITED' });
  });

  it('only the operation or path named', async () => {
    await state.simulator.faults.add({ path: 'v3/pay/transactions/out-trade-no/F5', kind: { type: 'status', status: 503 } });
    expect((await create('F5')).status).toBe(200);
    const query = await failure(
      state.client.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: 'F5', query: { mchid: state.simulator.mchid } }),
    );
    expect(query).toMatchObject({ status: 503, code: 'SYSTEM_ERROR' });
    expect(
      (await state.client.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: 'F3', query: { mchid: state.simulator.mchid } }))
        .status,
    ).toBe(200);
  });

  it('reset: the connection drops before an answer', async () => {
    await state.simulator.faults.add({ operation: JSAPI, times: 1, kind: { type: 'reset' } });
    const error = await failure(create('F6'));
    expect(error).toBeInstanceOf(TransportError);
    expect((await state.simulator.orders()).map((entry) => entry.outTradeNo)).not.toContain('F6');
  });

  it('hang and delay: the call times out', async () => {
    await state.simulator.faults.add({ operation: JSAPI, times: 1, kind: { type: 'hang' } });
    expect(await failure(create('F7', 300))).toMatchObject({ name: 'TransportError', reason: 'timeout' });
    await state.simulator.faults.add({ operation: JSAPI, times: 1, kind: { type: 'delay', ms: 1000 } });
    expect(await failure(create('F8', 300))).toMatchObject({ name: 'TransportError', reason: 'timeout' });
  });

  it('tamper: the answer fails verification', async () => {
    await state.simulator.faults.add({ operation: JSAPI, times: 1, kind: { type: 'tamper' } });
    expect(await failure(create('F9'))).toBeInstanceOf(VerificationError);
  });

  it('clear() removes them; a malformed rule is a ParameterError', async () => {
    await state.simulator.faults.add({ kind: { type: 'status', status: 500 } });
    await state.simulator.faults.clear();
    expect((await create('F10')).status).toBe(200);
    await expect(state.simulator.faults.add({ kind: { type: 'status', status: 200 } })).rejects.toBeInstanceOf(ParameterError);
    await expect(state.simulator.faults.add({ operation: 'jsapi', kind: { type: 'hang' } })).rejects.toMatchObject({
      name: 'ParameterError',
      parameter: 'fault.operation',
    });
    await expect(state.simulator.faults.add({ kind: { type: 'explode' } } as never)).rejects.toMatchObject({ parameter: 'fault.kind.type' });
  });
});

describe('simulator options', () => {
  it.each([
    ['timeScale', { timeScale: -1 }],
    ['timeScale', { timeScale: Number.NaN, worker: true }],
    ['seed', { seed: 42 as unknown as string, worker: true }],
  ])('refuses a bad %s with a ParameterError, in either mode', async (parameter, options) => {
    await expect(startSimulator(options)).rejects.toMatchObject({ name: 'ParameterError', parameter });
  });
});
