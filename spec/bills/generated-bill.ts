/** Columns of a fund-flow bill (资金账单), as WeChat Pay names them. */
export const FUND_COLUMNS = [
  '记账时间',
  '微信支付业务单号',
  '资金流水单号',
  '业务名称',
  '业务类型',
  '收支类型',
  '收支金额（元）',
  '账户结余（元）',
  '资金变更提交申请人',
  '备注',
  '业务凭证号',
];

/**
 * A fund-flow bill of `count` records, made on the fly in chunks of `batch` rows, so neither the test nor the parser
 * ever holds the whole file. Record i carries i+1 fen; the summary states the count and the total.
 */
export async function* generatedBill(count: number, batch = 1000): AsyncGenerator<string> {
  yield `\uFEFF${FUND_COLUMNS.join(',')}\r\n`;
  let chunk = '';
  let totalFen = 0;
  for (let i = 0; i < count; i += 1) {
    const fen = i + 1;
    totalFen += fen;
    const id = String(i).padStart(10, '0');
    chunk += `\`2026-11-26 09:12:05,\`42000012342026112600${id},\`19000001092026112600${id},\`交易,\`交易,\`收入,\`${formatFen(fen)},\`${formatFen(totalFen)},\`system,"\`note, ${i}",\`ORDER-${i}\r\n`;
    if ((i + 1) % batch === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额\r\n\`${count},\`${count},\`${formatFen(totalFen)},\`0,\`0.00\r\n`;
}

export function formatFen(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
