// The soak's figures, printed for a person.
import { mib } from './resources.mjs';

const ms = (value) => `${Math.round(value)} ms`;
const counts = (record) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([key, count]) => `${key} ${count}`)
    .join(', ') || 'none';

export function printReport(figures, broken) {
  const { args, features, results: r, sync, callbacks: c, resources } = figures;
  const { flat, start, end } = resources;
  const lines = [
    '',
    `wechatpay-ts chaos soak: ${r.calls} calls at concurrency ${args.concurrency}, ${c.requested} payments, timeout ${args.timeout} ms`,
    `  features: backup host ${features.backup}, failover probe after 2 s ${features.failover}, idempotent ${features.idempotent}, store ${features.store}, ${features.redis}`,
    `  duration: ${figures.seconds.toFixed(1)} s in all, load ${r.seconds.toFixed(1)} s, ${r.perSecond.toFixed(0)} calls/s`,
    `  outcomes: ${counts(r.outcomes)}`,
    `  attempts per call: mean ${r.attempts.mean.toFixed(3)} (${counts(r.attempts.counts)})`,
    `  latency: p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}; over timeout + ${args.slack} ms: ${r.overTimeout} (worst ${ms(r.maxOverMs)} past the timeout); event-loop delay p99 ${ms(r.loopDelay.p99)}, max ${ms(r.loopDelay.max)}`,
  ];
  if (sync) {
    lines.push(
      `  sync calls (own process): ${sync.calls}, ${counts(sync.outcomes)}; p50 ${ms(sync.p50)}, p99 ${ms(sync.p99)}, over timeout ${sync.overTimeout}, plain errors ${sync.plain.length}`,
    );
  }
  lines.push(
    `  chaos: primary down ${c.schedule.downs} times (${(c.schedule.downMs / 1000).toFixed(1)} s), ${c.schedule.faultPhases} fault phases`,
    `  callbacks: ${c.settled}/${c.requested} settled, ${c.acknowledged} acknowledged, ${c.simulatorDeliveries} deliveries by the simulator`,
    `    proxy: ${counts(Object.fromEntries(Object.entries(c.proxy).filter(([, value]) => typeof value === 'number')))}; late replays answered ${counts(c.proxy.replayStatuses)}`,
    `    receivers: ${c.arrivedAtReceivers} arrived (${counts(c.receiverStatuses)}), refused before the handler: ${counts(c.refusedBeforeHandler)}`,
    `    handler: ${c.handlerRuns} runs (${c.handlerFailures} failed on purpose), handled once ${c.handledOnce}, more than once ${c.handledTwice.length}, never ${c.neverHandled.length}; duplicates refused ${c.duplicatesRefused}`,
    `  memory: heap ${mib(flat.heap.first)} -> ${mib(flat.heap.last)}, RSS ${mib(flat.rss.first)} -> ${mib(flat.rss.last)} (medians of the first and last tenth of ${flat.samples} samples after warm-up)`,
    `  handles: ${flat.handles.first} -> ${flat.handles.last} during the run; ${start.handles} before it, ${end.handles} after close (${counts(end.kinds)})`,
    `  RSS start ${mib(start.rss)}, end ${mib(end.rss)}`,
  );
  if (r.late.length > 0) lines.push(`  late calls (first ${r.late.length}): ${JSON.stringify(r.late.slice(0, 5))}`);
  lines.push(broken.length === 0 ? 'PASS: every rule held' : `FAIL: ${broken.length} rule(s) broke`);
  for (const rule of broken) lines.push(`  - ${rule}`);
  console.log(lines.join('\n'));
}
