// Peak RSS growth while streaming a generated fund-flow bill: `npm run build && node --expose-gc spec/bills/measure-rss.mjs [rows…]`.
// A measurement, not a test: it prints figures and asserts nothing.
import { Bill } from 'wechatpay-ts';

const COLUMNS = '记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）,账户结余（元）,资金变更提交申请人,备注,业务凭证号';
const fen = (n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

async function* bill(count) {
  yield `\uFEFF${COLUMNS}\r\n`;
  let chunk = '';
  for (let i = 0; i < count; i += 1) {
    const id = String(i).padStart(10, '0');
    chunk += `\`2026-11-26 09:12:05,\`42000012342026112600${id},\`19000001092026112600${id},\`交易,\`交易,\`收入,\`${fen(i % 10000)},\`0.00,\`system,"\`note, ${i}",\`ORDER-${i}\r\n`;
    if ((i + 1) % 1000 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额\r\n\`${count},\`${count},\`0.00,\`0,\`0.00\r\n`;
}

// `--collect` keeps every row in an array, for comparison with what streaming saves.
const collect = process.argv.includes('--collect');
const counts = process.argv
  .slice(2)
  .filter((arg) => arg !== '--collect')
  .map(Number);
for (const count of counts.length > 0 ? counts : [200_000, 1_000_000, 2_000_000]) {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  const baseHeap = process.memoryUsage().heapUsed;
  const kept = [];
  let peak = base;
  let _bytes = 0;
  const started = performance.now();
  const parsed = Bill.parse(bill(count));
  let seen = 0;
  for await (const row of parsed) {
    _bytes += row.备注.length;
    seen += 1;
    if (collect) kept.push(row);
    if (seen % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const summary = await parsed.summary();
  peak = Math.max(peak, process.memoryUsage().rss);
  globalThis.gc?.();
  const retained = process.memoryUsage().heapUsed - baseHeap;
  const seconds = (performance.now() - started) / 1000;
  const mb = (n) => (n / 1024 / 1024).toFixed(1);
  console.log(
    `${count} rows (summary says ${summary.资金流水总笔数}): ${seconds.toFixed(1)} s, ${Math.round(seen / seconds)} rows/s, ` +
      `RSS before ${mb(base)} MB, peak ${mb(peak)} MB, growth ${mb(peak - base)} MB, heap retained after GC ${mb(retained)} MB${collect ? ` (${kept.length} rows kept)` : ''}`,
  );
}
