import { performance } from 'node:perf_hooks';
import { Builder } from '../chain/builder.js';
import type { WechatpayResponse } from '../types/response.js';
import type { EndpointOptions } from '../endpoints/typed-root.js';
import { startSimulator } from '../simulator/start-simulator.js';
import { orderLife } from './demo-order.js';

const PATH = 'v3/payscore/smartretail-orders/{out_order_no}/complete';
type Json = EndpointOptions<typeof PATH, 'post'>['json'];
type Style = [label: string, call: (out_order_no: string, json: Json) => WechatpayResponse<unknown> | Promise<WechatpayResponse<unknown>>];

/**
 * The main job: starts the simulator with fresh keys, completes a smart-retail order in all six styles (each
 * request signed, each answer verified), then plays one order's life (order, payment, callback, refund, callback,
 * bill), prints what came back and how long each step took, and stops everything it started.
 */
export async function demo(print: (line: string) => void = console.log): Promise<void> {
  const simulator = await startSimulator({ worker: true });
  const instance = Builder.factory(simulator.config);
  const path = PATH;
  const styles: Style[] = [
    ['async chain      ', (out_order_no, json) => instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync({ out_order_no, json })],
    ['async declarative', (out_order_no, json) => instance.chain(path).postAsync({ out_order_no, json })],
    ['async bracket    ', (out_order_no, json) => instance[path].postAsync({ out_order_no, json })],
    ['sync chain       ', (out_order_no, json) => instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no, json })],
    ['sync declarative ', (out_order_no, json) => instance.chain(path).post({ out_order_no, json })],
    ['sync bracket     ', (out_order_no, json) => instance[path].post({ out_order_no, json })],
  ];
  print(`WeChat Pay simulator at ${simulator.baseURL} (merchant ${simulator.mchid}, platform key ${simulator.platform.serial})`);
  print(`POST ${path}\n`);
  try {
    for (const [index, [label, call]] of styles.entries()) {
      const outOrderNo = `DEMO${Date.now()}${index}`;
      const json: Json = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 };
      const started = performance.now();
      const response = await call(outOrderNo, json);
      const took = (performance.now() - started).toFixed(1);
      // The first synchronous call also starts the client's worker thread; later ones reuse it.
      const note = index === 3 ? '  (incl. starting the sync worker)' : '';
      print(`${label}  ${response.status} verified in ${took.padStart(6)} ms  Request-ID ${response.headers.get('Request-ID')}${note}`);
      print(`                   ${JSON.stringify(response.json())}`);
    }
    await orderLife(instance, simulator, print);
  } finally {
    await instance.getDriver().close();
    await simulator.close();
  }
}
