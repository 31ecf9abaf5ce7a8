// One measurement of sync-worker-memory.bench.ts, in a fresh process: it builds N clients of the simulator whose
// config it is sent, makes one synchronous call with each, and sends back how much the process's RSS grew over
// those calls. Plain JavaScript on the built package (dist/), run with --expose-gc so that both readings follow a GC.
//
// IPC: receives `{ config, clients }`, answers `{ before, after }` (bytes) and exits.
import { Builder } from 'wechatpay-ts';

if (!process.send) throw new Error('clients-child.mjs must be started with child_process.fork');

const ORDER = { appid: 'wxd678efh567hg6787', service_id: '500001', finish_type: 2, total_amount: 1200 };
const settle = () => {
  globalThis.gc?.();
  return process.memoryUsage().rss;
};

process.once('message', ({ config, clients }) => {
  const instances = Array.from({ length: clients }, () => Builder.factory(config));
  const before = settle();
  for (const [i, instance] of instances.entries()) {
    const response = instance.v3.payscore.smartretailOrders._out_order_no_.complete.post({ out_order_no: `MEM${i}`, json: ORDER });
    if (response.status !== 200) throw new Error(`client ${i}: HTTP ${response.status}`);
  }
  const after = settle();
  process.send({ before, after }, () => process.exit(0));
});
