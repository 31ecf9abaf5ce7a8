// The soak's synchronous share: one process making blocking calls one after another (a synchronous call blocks its
// thread, so it cannot share the parent's event loop), against the same faults and the same failing primary.
//
// argv[2]: JSON { client (the Builder.factory config), calls, timeout, slack, notifyURL, prefix }.
// IPC to the parent, at the end: { sync: summary }.
import { Builder, WechatpayError } from 'wechatpay-ts';
import { describeError, order } from './calls.mjs';

if (!process.send) throw new Error('sync-caller.mjs must be started with child_process.fork');
const { client, calls, timeout, slack, notifyURL, prefix, mchid } = JSON.parse(process.argv[2] ?? '{}');

const instance = Builder.factory({ ...client, timeout });
instance.getDriver().stack.push((request, next) => {
  const counter = request.options.context;
  if (counter && typeof counter.attempts === 'number') counter.attempts += 1;
  return next(request);
}, 'soak-attempts');
const summary = { calls: 0, outcomes: {}, plain: [], overTimeout: 0, maxOverMs: 0, late: [], latencies: [] };
let stopped = false;
process.on('message', (message) => {
  if (message === 'stop') stopped = true;
});

for (let index = 0; index < calls && !stopped; index += 1) {
  const started = performance.now();
  let outcome = 'ok';
  const context = { attempts: 0 };
  try {
    const no = `${prefix}${index}`;
    if (index % 2 === 0) instance.v3.pay.transactions.jsapi.post({ json: order(no, mchid, notifyURL), context });
    else instance.v3.pay.transactions.outTradeNo._out_trade_no_.get({ out_trade_no: `${prefix}${index - 1}`, query: { mchid }, context });
  } catch (error) {
    outcome = describeError(error);
    if (!(error instanceof WechatpayError)) summary.plain.push(String(error?.stack ?? error).slice(0, 500));
  }
  const elapsed = performance.now() - started;
  summary.calls += 1;
  summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
  summary.latencies.push(elapsed);
  if (elapsed > timeout + slack) {
    summary.overTimeout += 1;
    if (summary.late.length < 20) summary.late.push({ index, elapsed: Math.round(elapsed), outcome, attempts: context.attempts });
  }
  summary.maxOverMs = Math.max(summary.maxOverMs, elapsed - timeout);
  // Lets the 'stop' message in between calls.
  await new Promise((resolve) => setImmediate(resolve));
}
await instance.getDriver().close();
process.send({ sync: summary }, () => process.disconnect());
