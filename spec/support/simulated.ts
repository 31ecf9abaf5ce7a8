import { afterAll, beforeAll } from 'vitest';
import { Builder, type ClientConfig, type UntypedWechatpay, type Wechatpay } from 'wechatpay-ts';
import { startSimulator, type Simulator, type SimulatorOptions } from 'wechatpay-ts/simulator';

/**
 * A simulator in a worker thread (synchronous calls block this one) and a client configured for it,
 * for the tests of one file.
 */
export function simulated(options: SimulatorOptions = {}, config: Partial<ClientConfig> = {}) {
  // `untyped` is the same chain without the catalog's types, for tests that send what a typed call would refuse.
  const state = {} as { simulator: Simulator; instance: Wechatpay; untyped: UntypedWechatpay };
  beforeAll(async () => {
    state.simulator = await startSimulator({ worker: true, ...options });
    state.instance = Builder.factory({ ...state.simulator.config, ...config });
    state.untyped = state.instance as unknown as UntypedWechatpay;
  });
  afterAll(async () => {
    await state.instance?.getDriver().close();
    await state.simulator?.close();
  });
  return state;
}

export const SEED = 'v3/payscore/smartretail-orders/{out_order_no}/complete';
// `as const`: `finish_type` is typed `1 | 2` by the catalog, and a widened `number` would not do.
export const ORDER = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 } as const;
