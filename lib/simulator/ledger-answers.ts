import type { LedgerOrder, LedgerRefund } from './ledger-types.js';
import { errorReply, type Reply } from './reply.js';
import type { CatalogInput } from './engine.js';
import { echoOf, synthesize } from './synthesize-answer.js';
import { isObject } from './validate-request.js';

/** How the ledger's orders and refunds read in WeChat Pay's answers (and in the callbacks that carry them). */

const STATE_DESC: Record<string, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '订单发生过退款',
  PAYERROR: '支付失败',
};

/** An order as a query answers it (and as `TRANSACTION.SUCCESS` carries it). */
export function transaction(order: LedgerOrder): Record<string, unknown> {
  const paid = order.transactionId !== undefined;
  const partner = order.kind === 'partner';
  return {
    ...(partner ? { sp_appid: order.appid, sp_mchid: order.spMchid, sub_mchid: order.mchid } : { appid: order.appid, mchid: order.mchid }),
    out_trade_no: order.outTradeNo,
    ...(paid && { transaction_id: order.transactionId }),
    trade_type: order.tradeType,
    trade_state: order.tradeState,
    trade_state_desc: STATE_DESC[order.tradeState],
    ...(paid && { bank_type: order.bankType }),
    ...(order.attach !== undefined && { attach: order.attach }),
    ...(paid && { success_time: order.successTime }),
    ...(paid && { payer: partner ? { sp_openid: order.openid, sub_openid: order.openid } : { openid: order.openid } }),
    amount: paid
      ? { total: order.total, payer_total: order.total, currency: order.currency, payer_currency: order.currency }
      : { total: order.total, currency: order.currency },
  };
}

export function unpaidOmissions(order: LedgerOrder): string[] {
  return order.transactionId === undefined ? ['transaction_id', 'bank_type', 'success_time', 'payer'] : [];
}

export function refundResource(refund: LedgerRefund, order: LedgerOrder | undefined): Record<string, unknown> {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successTime && { success_time: refund.successTime }),
    create_time: refund.createTime,
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.total,
      refund: refund.refund,
      payer_total: order?.total ?? refund.total,
      payer_refund: refund.refund,
      settlement_refund: refund.refund,
      settlement_total: refund.total,
      discount_refund: 0,
      currency: refund.currency,
    },
    promotion_detail: [],
  };
}

/** A 200 with the ledger's fields over the catalog's (so every required field is there), less `omit`. */
export function ok(input: CatalogInput, fields: Record<string, unknown>, omit: string[] = []): Reply {
  const { response } = input.operation;
  // A required field the ledger gives as a plain value is always replaced: making its sample (a prepay_id is a
  // hash) and the request's echo for it would be wasted on every order. It keeps its place in the answer.
  const given = new Set<string>();
  for (const field of response) if (field.required && fields[field.name] !== undefined && !isObject(fields[field.name])) given.add(field.name);
  const rest = response.every((field) => given.has(field.name))
    ? {}
    : synthesize(response, { echo: echoOf(input.params, input.query, input.json), seed: input.seed, mchid: input.mchid, text: false, given });
  const base: Record<string, unknown> = {};
  for (const field of response) {
    if (given.has(field.name)) base[field.name] = fields[field.name];
    else if (field.name in rest) base[field.name] = rest[field.name];
  }
  for (const name of omit) delete base[name];
  return { status: 200, json: merge(base, fields) };
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [name, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[name] = isObject(value) && isObject(out[name]) ? merge(out[name] as Record<string, unknown>, value) : value;
  }
  return out;
}

export function paramError(field: string, issue: string, value?: unknown): Reply {
  return errorReply(
    400,
    'PARAM_ERROR',
    `参数错误: ${field} ${issue}`,
    value === undefined ? { field, issue, location: 'body' } : { field, value, issue, location: 'body' },
  );
}
