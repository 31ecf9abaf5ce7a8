import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Bill, BillError, ParameterError, WechatpayError, type BillRow } from 'wechatpay-ts';
import { rejection } from '../support/failures.js';

const tradeUrl = new URL('../fixtures/bills/tradebill.csv', import.meta.url);
const fundUrl = new URL('../fixtures/bills/fundflowbill.csv', import.meta.url);

async function readAll(bill: Bill): Promise<{ rows: BillRow[]; summary: BillRow }> {
  const rows: BillRow[] = [];
  for await (const row of bill.rows()) rows.push(row);
  return { rows, summary: await bill.summary() };
}

/** What reading the whole bill failed with. */
async function billFailure(source: string): Promise<BillError> {
  const error = await rejection(readAll(Bill.parse(source)));
  expect(error).toBeInstanceOf(BillError);
  return error as BillError;
}

const tradeRow = (over: Partial<Record<string, string>>): BillRow =>
  ({
    交易时间: '',
    公众账号ID: 'wxd678efh567hg6787',
    商户号: '1230000109',
    特约商户号: '0',
    设备号: '',
    微信订单号: '',
    商户订单号: '',
    用户标识: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    交易类型: '',
    交易状态: 'SUCCESS',
    付款银行: '',
    货币种类: 'CNY',
    应结订单金额: '',
    代金券金额: '0.00',
    微信退款单号: '0',
    商户退款单号: '0',
    退款金额: '0.00',
    充值券退款金额: '0.00',
    退款类型: '',
    退款状态: '',
    商品名称: '',
    商户数据包: '',
    手续费: '',
    费率: '0.60%',
    订单金额: '',
    申请退款金额: '0.00',
    费率备注: '',
    ...over,
  }) as BillRow;

describe('Bill.parse', () => {
  it('reads a trade bill (交易账单) row by row, quoted values with commas included, then its summary', async () => {
    const bill = Bill.parse(tradeUrl);
    const { rows, summary } = await readAll(bill);
    expect(rows).toEqual([
      tradeRow({
        交易时间: '2026-11-26 09:12:03',
        微信订单号: '4200001234202611260000000001',
        商户订单号: 'ORDER-1001',
        交易类型: 'JSAPI',
        付款银行: 'CMB_DEBIT',
        应结订单金额: '12.50',
        商品名称: 'Coffee, large',
        手续费: '0.08',
        订单金额: '12.50',
      }),
      tradeRow({
        交易时间: '2026-11-26 10:40:55',
        微信订单号: '4200001234202611260000000002',
        商户订单号: 'ORDER-1002',
        交易类型: 'NATIVE',
        交易状态: 'REFUND',
        付款银行: 'OTHERS',
        应结订单金额: '0.00',
        微信退款单号: '50300001234202611260000000003',
        商户退款单号: 'REFUND-1002',
        退款金额: '3.00',
        退款类型: 'ORIGINAL',
        退款状态: 'SUCCESS',
        商品名称: '茶叶',
        商户数据包: 'batch=7',
        手续费: '-0.02',
        订单金额: '0.00',
        申请退款金额: '3.00',
      }),
      tradeRow({
        交易时间: '2026-11-26 18:01:20',
        微信订单号: '4200001234202611260000000004',
        商户订单号: 'ORDER-1003',
        交易类型: 'APP',
        付款银行: 'ICBC_CREDIT',
        应结订单金额: '100.00',
        代金券金额: '5.00',
        商品名称: 'Gift box, "deluxe"',
        手续费: '0.60',
        订单金额: '105.00',
      }),
    ]);
    expect(Object.keys(rows[0]!)).toHaveLength(27);
    expect(summary).toEqual({
      总交易单数: '3',
      应结订单总金额: '112.50',
      退款总金额: '3.00',
      充值券退款总金额: '0.00',
      手续费总金额: '0.66',
      订单总金额: '117.50',
      申请退款总金额: '3.00',
    });
    expect(bill.rowCount).toBe(3);
    expect(bill.columns?.[0]).toBe('交易时间');
  });

  it('reads a fund-flow bill (资金账单) with a BOM and CRLF line endings', async () => {
    expect(readFileSync(fundUrl).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const { rows, summary } = await readAll(Bill.parse(fundUrl));
    expect(rows).toEqual([
      {
        记账时间: '2026-11-26 09:12:05',
        微信支付业务单号: '4200001234202611260000000001',
        资金流水单号: '1900000109202611260000000001',
        业务名称: '交易',
        业务类型: '交易',
        收支类型: '收入',
        '收支金额（元）': '12.42',
        '账户结余（元）': '1012.42',
        资金变更提交申请人: 'system',
        备注: '',
        业务凭证号: 'ORDER-1001',
      },
      {
        记账时间: '2026-11-26 10:41:02',
        微信支付业务单号: '50300001234202611260000000003',
        资金流水单号: '1900000109202611260000000002',
        业务名称: '退款',
        业务类型: '退款',
        收支类型: '支出',
        '收支金额（元）': '2.98',
        '账户结余（元）': '1009.44',
        资金变更提交申请人: 'system',
        备注: 'partial refund, customer request',
        业务凭证号: 'REFUND-1002',
      },
    ]);
    expect(summary).toEqual({ 资金流水总笔数: '2', 收入笔数: '1', 收入金额: '12.42', 支出笔数: '1', 支出金额: '2.98' });
  });

  it('takes a string, bytes, a Readable, a web stream, or an async iterable split inside multi-byte characters', async () => {
    const text = readFileSync(fundUrl, 'utf8');
    const bytes = readFileSync(fundUrl);
    const expected = await readAll(Bill.parse(fundUrl));
    async function* oneByteAtATime(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 1) yield new Uint8Array(bytes.subarray(i, i + 1));
    }
    const gunzipped = Readable.from([gzipSync(bytes)]).pipe(createGunzip());
    const sources = [text, new Uint8Array(bytes), Readable.from([bytes]), gunzipped, new Blob([bytes]).stream(), oneByteAtATime()];
    for (const source of sources) {
      expect(await readAll(Bill.parse(source))).toEqual(expected);
    }
  });

  it('iterates the bill itself, trims values, skips blank lines, and reads LF and CRLF alike', async () => {
    for (const eol of ['\n', '\r\n']) {
      const bill = Bill.parse(['a, b ', '` 1 ,`2', '', '"`x,\ny",`', '总笔数', '`2', ''].join(eol));
      const rows: BillRow[] = [];
      for await (const row of bill) rows.push(row);
      expect(rows).toEqual([
        { a: '1', b: '2' },
        { a: 'x,\ny', b: '' },
      ]);
      expect(await bill.summary()).toEqual({ 总笔数: '2' });
    }
  });

  it('reads through to the summary on its own when the rows are not wanted', async () => {
    const bill = Bill.parse(tradeUrl);
    expect((await bill.summary()).总交易单数).toBe('3');
    expect(bill.rowCount).toBe(3);
    expect(() => bill.rows()).toThrow(ParameterError);
  });

  it('streams once', async () => {
    const bill = Bill.parse(tradeUrl);
    const rows = bill.rows();
    expect(() => bill.rows()).toThrow(ParameterError);
    await rows.return?.();
  });

  it('rejects the summary with ERR_BILL_INCOMPLETE when the rows are abandoned, and closes the source', async () => {
    let closed = false;
    const source = new Readable({ read() {} });
    source.push(readFileSync(tradeUrl));
    source.on('close', () => {
      closed = true;
    });
    const bill = Bill.parse(source);
    for await (const row of bill) {
      expect(row.商户订单号).toBe('ORDER-1001');
      break;
    }
    const error = (await rejection(bill.summary())) as BillError;
    expect(error).toBeInstanceOf(BillError);
    expect(error.code).toBe('ERR_BILL_INCOMPLETE');
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(true);
  });

  it('rejects what is not a source', () => {
    expect(() => Bill.parse(42 as never)).toThrow(ParameterError);
  });

  it('reports a failing source as a BillError (source), its own error kept as the cause', async () => {
    const missing = await rejection(readAll(Bill.parse(new URL('../fixtures/bills/missing.csv', import.meta.url))));
    expect(missing).toMatchObject({ name: 'BillError', code: 'ERR_BILL_SOURCE', reason: 'source', message: 'the source could not be read (ENOENT)' });
    expect(((missing as Error).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    const own = new Error('the socket closed');
    async function* failing() {
      yield '交易时间,公众账号ID\n';
      throw own;
    }
    const streamed = await rejection(readAll(Bill.parse(failing())));
    expect(streamed).toMatchObject({ name: 'BillError', code: 'ERR_BILL_SOURCE' });
    expect((streamed as Error).cause).toBe(own);
  });

  it('refuses a URL that is not a file: URL before reading anything', () => {
    expect(() => Bill.parse(new URL('https://api.mch.weixin.qq.com/v3/billdownload/file?token=abc'))).toThrow(
      expect.objectContaining({
        name: 'ParameterError',
        field: 'source',
        message: 'source: a URL source must be a file: URL, not https: (download the bill first, or pass its body)',
      }),
    );
  });
});

describe('BillError', () => {
  it('is a WechatpayError with a stable name', () => {
    expect(BillError.name).toBe('BillError');
    const error = new BillError('column_count', 4, 'x');
    expect(error).toBeInstanceOf(WechatpayError);
    expect(error.name).toBe('BillError');
    expect(error.code).toBe('ERR_BILL_COLUMN_COUNT');
    expect(error.line).toBe(4);
    expect(error.message).toBe('line 4: x');
  });

  const secret = 'oSECRETopenid';
  const cases: Array<[string, string, string, number]> = [
    ['an empty file', '', 'ERR_BILL_NO_HEADER', 0],
    ['a file of blank lines', '\r\n\r\n', 'ERR_BILL_NO_HEADER', 0],
    ['a first row of records', `\`${secret},\`2\n`, 'ERR_BILL_NO_HEADER', 1],
    ['a nameless column', 'a,,c\n', 'ERR_BILL_NO_HEADER', 1],
    ['a column named twice', 'a,b,a\n', 'ERR_BILL_DUPLICATE_COLUMN', 1],
    ['a short record', `a,b\r\n\`1,\`2\r\n\`${secret}\r\n`, 'ERR_BILL_COLUMN_COUNT', 3],
    ['a long record', `a,b\n\`1,\`2\n\`3,\`4\n\`${secret},\`2,\`3\n`, 'ERR_BILL_COLUMN_COUNT', 4],
    ['a record missing a backtick', `a,b\n\`1,\`2\n\`1,${secret}\n`, 'ERR_BILL_MISSING_BACKTICK', 3],
    ['a summary row missing a backtick', `a,b\n\`1,\`2\nS,T\n\`1,${secret}\n`, 'ERR_BILL_MISSING_BACKTICK', 4],
    ['a summary header with a backtick', `a,b\n\`1,\`2\nS,T\n\`1,\`2\nU,\`${secret}\n`, 'ERR_BILL_TRAILING_DATA', 5],
    ['a short summary row', `a,b\n\`1,\`2\nS,T\n\`${secret}\n`, 'ERR_BILL_COLUMN_COUNT', 4],
    ['no summary block', `a,b\n\`1,\`2\n\`${secret},\`2\n`, 'ERR_BILL_NO_SUMMARY', 3],
    ['a summary header without its row', `a,b\n\`1,\`2\nS,T\n\n`, 'ERR_BILL_NO_SUMMARY', 3],
    ['a row after the summary', `a,b\n\`1,\`2\nS,T\n\`1,\`2\n\`${secret},\`2\n`, 'ERR_BILL_TRAILING_DATA', 5],
    ['an unclosed quote', `a,b\n\`1,\`2\n"\`${secret},\`2\n`, 'ERR_BILL_MALFORMED_CSV', 3],
    ['a stray quote', `a,b\n\`1,\`2\n\`${secret}"x,\`2\n`, 'ERR_BILL_MALFORMED_CSV', 3],
  ];
  it.each(cases)('reports %s with its line number, never a value', async (_what, source, code, line) => {
    const error = await billFailure(source);
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.cause ?? null)).not.toContain(secret);
    if (line > 0) expect(error.message).toMatch(new RegExp(`^line ${line}: `));
  });

  it('fails a summary read on its own when rows follow it', async () => {
    const error = (await rejection(Bill.parse('a,b\n`1,`2\nS,T\n`1,`2\n`3,`4\n').summary())) as BillError;
    expect(error.code).toBe('ERR_BILL_TRAILING_DATA');
    expect(error.line).toBe(5);
  });

  it('rejects the summary with the same error', async () => {
    const bill = Bill.parse('a,b\n`1,`2\n`1\n');
    const fromRows = await rejection(readAll(bill));
    expect(await rejection(bill.summary())).toBe(fromRows);
  });
});
