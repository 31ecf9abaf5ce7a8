import { describe, expect, it } from 'vitest';
import { Bill } from 'wechatpay-ts';
import { formatFen, generatedBill } from './generated-bill.js';

describe('a large bill', () => {
  it('streams 200 000 records through without collecting them, then reads the summary', async () => {
    const count = 200_000;
    const bill = Bill.parse(generatedBill(count));
    let seen = 0;
    let totalFen = 0;
    for await (const row of bill.rows()) {
      totalFen += Math.round(Number(row['收支金额（元）']) * 100);
      if (seen === 123_456) expect(row.备注).toBe('note, 123456');
      seen += 1;
    }
    expect(seen).toBe(count);
    expect(bill.rowCount).toBe(count);
    const summary = await bill.summary();
    expect(summary.资金流水总笔数).toBe(String(count));
    expect(summary.收入金额).toBe(formatFen(totalFen));
  }, 60_000);
});
