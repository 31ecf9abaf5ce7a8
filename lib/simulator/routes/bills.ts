import { createHash } from 'node:crypto';
import { paramError, type Reply } from '../reply.js';
import type { RouteInput } from '../router.js';
import type { LedgerOrder, LedgerRefund } from '../ledger-types.js';
import type { FileStore } from '../served-files.js';

/** The ledger's payments and refunds of a day (`YYYY-MM-DD`), which the bills list when there are any. */
export type LedgerDay = (date: string) => { orders: LedgerOrder[]; refunds: LedgerRefund[] };

/** `GET v3/bill/tradebill`: 申请交易账单. */
export const TRADEBILL = 'v3/bill/tradebill';
/** `GET v3/bill/fundflowbill`: 申请资金账单. */
export const FUNDFLOWBILL = 'v3/bill/fundflowbill';
/** `GET v3/global/statements`: 下载对账单 (overseas merchants). */
export const GLOBAL_STATEMENTS = 'v3/global/statements';

const TRADE_COLUMNS = [
  '交易时间',
  '公众账号ID',
  '商户号',
  '特约商户号',
  '设备号',
  '微信订单号',
  '商户订单号',
  '用户标识',
  '交易类型',
  '交易状态',
  '付款银行',
  '货币种类',
  '应结订单金额',
  '代金券金额',
  '微信退款单号',
  '商户退款单号',
  '退款金额',
  '充值券退款金额',
  '退款类型',
  '退款状态',
  '商品名称',
  '商户数据包',
  '手续费',
  '费率',
  '订单金额',
  '申请退款金额',
  '费率备注',
];
const TRADE_SUMMARY = ['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'];
const FUND_COLUMNS = [
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
const FUND_SUMMARY = ['资金流水总笔数', '收入笔数', '收入金额', '支出笔数', '支出金额'];

/** `GET v3/bill/tradebill` and `v3/bill/fundflowbill`: a small bill for the day, served by token like the real ones. */
export function billApply(kind: 'trade' | 'fund', files: FileStore, ledger?: LedgerDay) {
  return ({ query, mchid }: RouteInput): Reply => {
    const date = query.get('bill_date');
    if (date === null) return paramError('bill_date', 'query', 'is required');
    if (!isDate(date)) return paramError('bill_date', 'query', 'must be a date written YYYY-MM-DD');
    const tarType = query.get('tar_type');
    if (tarType !== null && tarType !== 'GZIP') return paramError('tar_type', 'query', 'must be GZIP when given');
    let csv: string;
    if (kind === 'trade') {
      const billType = query.get('bill_type') ?? 'ALL';
      if (!['ALL', 'SUCCESS', 'REFUND'].includes(billType)) return paramError('bill_type', 'query', 'must be ALL, SUCCESS or REFUND');
      const day = ledger?.(date);
      csv = day && day.orders.length + day.refunds.length > 0 ? ledgerTradeBill(day, billType) : tradeBill(mchid, date, billType);
    } else {
      const accountType = query.get('account_type') ?? 'BASIC';
      if (!['BASIC', 'OPERATION', 'FEES'].includes(accountType)) return paramError('account_type', 'query', 'must be BASIC, OPERATION or FEES');
      const day = ledger?.(date);
      csv = day && day.orders.length + day.refunds.length > 0 ? ledgerFundFlowBill(day, accountType) : fundFlowBill(mchid, date, accountType);
    }
    return { status: 200, json: files.serveBytes(Buffer.from(csv, 'utf8'), { gzip: tarType === 'GZIP' }) };
  };
}

/**
 * The trade bill (交易账单) of a day: the same every time for the same merchant, day and `bill_type`. ALL has three
 * records (two payments, one refund); SUCCESS the payments, REFUND the refund.
 */
export function tradeBill(mchid: string, date: string, billType = 'ALL'): string {
  const day = date.replaceAll('-', '');
  const orders = [
    {
      time: '09:12:03',
      no: 1,
      type: 'JSAPI',
      state: 'SUCCESS',
      bank: 'CMB_DEBIT',
      settle: 1250,
      coupon: 0,
      refund: 0,
      fee: 8,
      goods: 'Coffee, large',
      attach: '',
    },
    {
      time: '13:40:55',
      no: 2,
      type: 'NATIVE',
      state: 'SUCCESS',
      bank: 'ICBC_CREDIT',
      settle: 10000,
      coupon: 500,
      refund: 0,
      fee: 60,
      goods: 'Gift box, "deluxe"',
      attach: 'batch=7',
    },
    { time: '18:01:20', no: 3, type: 'APP', state: 'REFUND', bank: 'OTHERS', settle: 0, coupon: 0, refund: 300, fee: -2, goods: '茶叶', attach: '' },
  ].filter((order) => billType === 'ALL' || order.state === billType);
  const lines = [TRADE_COLUMNS.join(',')];
  const total = { settle: 0, refund: 0, fee: 0, order: 0 };
  for (const order of orders) {
    const refunded = order.state === 'REFUND';
    const amount = order.settle + order.coupon;
    total.settle += order.settle;
    total.refund += order.refund;
    total.fee += order.fee;
    total.order += amount;
    lines.push(
      ticked([
        `${date} ${order.time}`,
        'wxd678efh567hg6787',
        mchid,
        '0',
        '',
        `42000012${day}${id(mchid, date, order.no, 12)}`,
        `ORDER-${day}-${order.no}`,
        'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
        order.type,
        order.state,
        order.bank,
        'CNY',
        yuan(order.settle),
        yuan(order.coupon),
        refunded ? `50300012${day}${id(mchid, date, order.no, 13)}` : '0',
        refunded ? `REFUND-${day}-${order.no}` : '0',
        yuan(order.refund),
        '0.00',
        refunded ? 'ORIGINAL' : '',
        refunded ? 'SUCCESS' : '',
        order.goods,
        order.attach,
        yuan(order.fee),
        '0.60%',
        yuan(amount),
        yuan(order.refund),
        '',
      ]),
    );
  }
  lines.push(TRADE_SUMMARY.join(','));
  lines.push(ticked([String(orders.length), yuan(total.settle), yuan(total.refund), '0.00', yuan(total.fee), yuan(total.order), yuan(total.refund)]));
  return `${lines.join('\r\n')}\r\n`;
}

/** The fund-flow bill (资金账单) of a day and account: two incomes and one expense, the balance running. */
export function fundFlowBill(mchid: string, date: string, accountType = 'BASIC'): string {
  const day = date.replaceAll('-', '');
  const flows = [
    { time: '09:12:05', no: 1, name: '交易', direction: '收入', fen: 1242 },
    { time: '13:40:57', no: 2, name: '交易', direction: '收入', fen: 9940 },
    { time: '18:01:22', no: 3, name: '退款', direction: '支出', fen: 298 },
  ];
  const lines = [FUND_COLUMNS.join(',')];
  let balance = 100_000;
  const sums = { income: 0, incomeCount: 0, expense: 0, expenseCount: 0 };
  for (const flow of flows) {
    const income = flow.direction === '收入';
    balance += income ? flow.fen : -flow.fen;
    if (income) {
      sums.income += flow.fen;
      sums.incomeCount += 1;
    } else {
      sums.expense += flow.fen;
      sums.expenseCount += 1;
    }
    lines.push(
      ticked([
        `${date} ${flow.time}`,
        `42000012${day}${id(mchid, date, flow.no, 12)}`,
        `19000012${day}${id(mchid, date, flow.no, 14)}`,
        flow.name,
        flow.name,
        flow.direction,
        yuan(flow.fen),
        yuan(balance),
        'system',
        `${accountType}, ${flow.name}`,
        `ORDER-${day}-${flow.no}`,
      ]),
    );
  }
  lines.push(FUND_SUMMARY.join(','));
  lines.push(ticked([String(flows.length), String(sums.incomeCount), yuan(sums.income), String(sums.expenseCount), yuan(sums.expense)]));
  return `${lines.join('\r\n')}\r\n`;
}

/** The trade bill of a day from the ledger: one record per payment and per refund, as WeChat Pay lists them. */
export function ledgerTradeBill({ orders, refunds }: ReturnType<LedgerDay>, billType = 'ALL'): string {
  const lines = [TRADE_COLUMNS.join(',')];
  const total = { count: 0, settle: 0, refund: 0, fee: 0, order: 0, applied: 0 };
  const byTrade = new Map(orders.map((order) => [order.transactionId, order]));
  if (billType !== 'REFUND') {
    for (const order of orders) {
      const fee = Math.round(order.total * 0.006);
      total.count += 1;
      total.settle += order.total;
      total.fee += fee;
      total.order += order.total;
      lines.push(
        ticked([
          (order.successTime as string).slice(0, 19).replace('T', ' '),
          order.appid,
          order.spMchid ?? order.mchid,
          order.spMchid ? order.mchid : '0',
          '',
          order.transactionId as string,
          order.outTradeNo,
          order.openid ?? '',
          order.tradeType,
          'SUCCESS',
          order.bankType ?? 'OTHERS',
          order.currency,
          yuan(order.total),
          '0.00',
          '0',
          '0',
          '0.00',
          '0.00',
          '',
          '',
          order.description,
          order.attach ?? '',
          yuan(fee),
          '0.60%',
          yuan(order.total),
          '0.00',
          '',
        ]),
      );
    }
  }
  if (billType !== 'SUCCESS') {
    for (const refund of refunds) {
      const order = byTrade.get(refund.transactionId);
      const fee = -Math.round(refund.refund * 0.006);
      total.count += 1;
      total.refund += refund.refund;
      total.fee += fee;
      total.applied += refund.refund;
      lines.push(
        ticked([
          (refund.successTime ?? refund.createTime).slice(0, 19).replace('T', ' '),
          order?.appid ?? '',
          order?.spMchid ?? refund.mchid,
          order?.spMchid ? refund.mchid : '0',
          '',
          refund.transactionId,
          refund.outTradeNo,
          order?.openid ?? '',
          order?.tradeType ?? 'JSAPI',
          'REFUND',
          order?.bankType ?? 'OTHERS',
          refund.currency,
          '0.00',
          '0.00',
          refund.refundId,
          refund.outRefundNo,
          yuan(refund.refund),
          '0.00',
          'ORIGINAL',
          refund.status,
          order?.description ?? '',
          order?.attach ?? '',
          yuan(fee),
          '0.60%',
          '0.00',
          yuan(refund.refund),
          '',
        ]),
      );
    }
  }
  lines.push(TRADE_SUMMARY.join(','));
  lines.push(ticked([String(total.count), yuan(total.settle), yuan(total.refund), '0.00', yuan(total.fee), yuan(total.order), yuan(total.applied)]));
  return `${lines.join('\r\n')}\r\n`;
}

/** The fund-flow bill of a day from the ledger: an income per payment (less the fee), an expense per refund. */
export function ledgerFundFlowBill({ orders, refunds }: ReturnType<LedgerDay>, accountType = 'BASIC'): string {
  const flows = [
    ...orders.map((order) => ({
      time: order.successTime as string,
      id: order.transactionId as string,
      name: '交易',
      income: true,
      fen: order.total - Math.round(order.total * 0.006),
      voucher: order.outTradeNo,
    })),
    ...refunds.map((refund) => ({
      time: refund.successTime ?? refund.createTime,
      id: refund.refundId,
      name: '退款',
      income: false,
      fen: refund.refund - Math.round(refund.refund * 0.006),
      voucher: refund.outRefundNo,
    })),
  ].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const lines = [FUND_COLUMNS.join(',')];
  let balance = 0;
  const sums = { income: 0, incomeCount: 0, expense: 0, expenseCount: 0 };
  for (const [i, flow] of flows.entries()) {
    balance += flow.income ? flow.fen : -flow.fen;
    if (flow.income) {
      sums.income += flow.fen;
      sums.incomeCount += 1;
    } else {
      sums.expense += flow.fen;
      sums.expenseCount += 1;
    }
    lines.push(
      ticked([
        flow.time.slice(0, 19).replace('T', ' '),
        flow.id,
        `${flow.id.slice(0, 20)}${String(i + 1).padStart(8, '0')}`,
        flow.name,
        flow.name,
        flow.income ? '收入' : '支出',
        yuan(flow.fen),
        yuan(balance),
        'system',
        `${accountType}, ${flow.name}`,
        flow.voucher,
      ]),
    );
  }
  lines.push(FUND_SUMMARY.join(','));
  lines.push(ticked([String(flows.length), String(sums.incomeCount), yuan(sums.income), String(sums.expenseCount), yuan(sums.expense)]));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * `GET v3/global/statements?date=YYYYMMDD`: the overseas statement CSV, with `Wechatpay-Statement-Sha1` and a
 * signature over `{"sha1":"…"}` instead of the body, as WeChat Pay signs this endpoint.
 */
export function globalStatements({ query, mchid }: RouteInput): Reply {
  const date = query.get('date');
  if (date === null) return paramError('date', 'query', 'is required');
  if (!/^\d{8}$/.test(date) || !isDate(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`)) {
    return paramError('date', 'query', 'must be a date written YYYYMMDD');
  }
  const csv = statement(mchid, date);
  const sha1 = createHash('sha1').update(csv).digest('hex');
  return {
    status: 200,
    signedOver: {
      body: csv,
      message: Buffer.from(JSON.stringify({ sha1 })),
      contentType: 'text/plain; charset=utf-8',
      headers: { 'Wechatpay-Statement-Sha1': sha1 },
    },
  };
}

/** A small statement of the day in the bills' layout (backtick-prefixed values, a summary block). */
export function statement(mchid: string, date: string): Buffer {
  const day = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`;
  const lines = [
    'Transaction time,Merchant ID,Sub-merchant ID,WeChat Pay order number,Merchant order number,Transaction type,Transaction status,Currency,Total amount,Refund amount,Service fee',
    ticked([
      `${day} 10:15:00`,
      mchid,
      '0',
      `42000013${date}${id(mchid, date, 1, 12)}`,
      `GLOBAL-${date}-1`,
      'JSAPI',
      'SUCCESS',
      'HKD',
      '88.00',
      '0.00',
      '0.53',
    ]),
    ticked([
      `${day} 16:20:42`,
      mchid,
      '0',
      `42000013${date}${id(mchid, date, 2, 12)}`,
      `GLOBAL-${date}-2`,
      'NATIVE',
      'REFUND',
      'HKD',
      '0.00',
      '12.00',
      '-0.07',
    ]),
    'Total transactions,Total amount,Total refund amount,Total service fee',
    ticked(['2', '88.00', '12.00', '0.46']),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/** A CSV row with a backtick before every value, quoted when the value holds a comma or a quote. */
function ticked(values: string[]): string {
  return values.map((value) => (/[",\r\n]/.test(value) ? `"\`${value.replaceAll('"', '""')}"` : `\`${value}`)).join(',');
}

/** `12.50` from 1250 fen; negative amounts keep their sign (`-0.02`). */
function yuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Digits that are the same for the same merchant, day and record. */
function id(mchid: string, date: string, no: number, length: number): string {
  const hex = createHash('sha256').update(`${mchid}/${date}/${no}`).digest('hex').slice(0, 15);
  return BigInt(`0x${hex}`).toString().padStart(length, '0').slice(-length);
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
