import stringify from 'fast-json-stable-stringify';
import type { V2Payload } from '../utils/v2-xml.js';
import type { Ledger, StoredOrder, StoredRefund } from './ledger.js';
import type { LedgerOrder } from './ledger-types.js';
import { beijing, digitsOf, hexOf, prepayId, refundId, SAMPLE_TIME } from './sample-values.js';
import type { V2Handler } from './engine.js';

const TRADE_STATE_DESC: Record<string, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
  PAYERROR: '支付失败',
};

/**
 * The APIv2 side of the ledger: `pay/unifiedorder`, `pay/orderquery`, `pay/closeorder`, `secapi/pay/refund`,
 * `pay/refundquery`, with the same orders and rules as APIv3 (an APIv2 order can be queried with APIv3 too).
 * Business failures are `result_code` FAIL with WeChat Pay's `err_code`.
 */
export function v2LedgerHandlers(ledger: Ledger, mchid: string): Map<string, V2Handler> {
  const handlers = new Map<string, V2Handler>();
  const owner = (request: V2Payload) => request.sub_mch_id || mchid;
  const find = (request: V2Payload) =>
    request.transaction_id
      ? ledger.byTransaction(owner(request), request.transaction_id)
      : request.out_trade_no
        ? ledger.order(owner(request), request.out_trade_no)
        : undefined;

  handlers.set('POST v2/pay/unifiedorder', (request) => {
    const tradeType = request.trade_type ?? '';
    if (!['JSAPI', 'NATIVE', 'APP', 'MWEB'].includes(tradeType)) return fail('PARAM_ERROR', 'trade_type must be JSAPI, NATIVE, APP or MWEB');
    if (tradeType === 'JSAPI' && !request.openid && !request.sub_openid) return fail('PARAM_ERROR', 'openid is required when trade_type is JSAPI');
    const total = Number(request.total_fee);
    if (!(total > 0)) return fail('PARAM_ERROR', 'total_fee must be more than 0 fen');
    const params = stringify(withoutNonce(request));
    const existing = ledger.order(owner(request), request.out_trade_no as string);
    if (existing) {
      if (existing.params !== params) return fail('INVALID_REQUEST', '201 商户订单号重复');
      if (existing.tradeState === 'CLOSED') return fail('ORDERCLOSED', '订单已关闭');
      if (existing.tradeState !== 'NOTPAY') return fail('ORDERPAID', '该订单已支付');
    }
    const order: StoredOrder = existing ?? {
      kind: 'v2',
      mchid: owner(request),
      ...(request.sub_mch_id && { spMchid: mchid }),
      appid: request.sub_appid || (request.appid as string),
      outTradeNo: request.out_trade_no as string,
      tradeType,
      tradeState: 'NOTPAY',
      description: request.body as string,
      ...(request.attach !== undefined && { attach: request.attach }),
      notifyUrl: request.notify_url as string,
      total,
      currency: request.fee_type || 'CNY',
      refunded: 0,
      prepayId: prepayId(`${ledger.seedText}/${owner(request)}/${request.out_trade_no}`, SAMPLE_TIME),
      ...((request.openid || request.sub_openid) && { openid: request.sub_openid || request.openid }),
      createTime: beijing(Date.now()),
      params,
    };
    if (!existing) {
      if (tradeType === 'NATIVE') order.codeUrl = `weixin://wxpay/bizpayurl?pr=${hexOf(order.prepayId, 7)}`;
      if (tradeType === 'MWEB')
        order.h5Url = `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${order.prepayId}&package=${digitsOf(order.prepayId, 10)}`;
      ledger.put(order);
    }
    return success(request, mchid, {
      trade_type: tradeType,
      prepay_id: order.prepayId,
      ...(order.codeUrl && { code_url: order.codeUrl }),
      ...(order.h5Url && { mweb_url: order.h5Url }),
    });
  });

  handlers.set('POST v2/pay/orderquery', (request) => {
    const order = find(request);
    if (!order) return fail('ORDERNOTEXIST', '订单不存在');
    return success(request, mchid, v2Transaction(order));
  });

  handlers.set('POST v2/pay/closeorder', (request) => {
    const order = find(request);
    if (!order) return fail('ORDERNOTEXIST', '订单不存在');
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND') return fail('ORDERPAID', '订单已支付，不能发起关单');
    order.tradeState = 'CLOSED';
    return success(request, mchid, { result_msg: 'OK' });
  });

  // Only for orders of the ledger; any other keeps the fixed sample answer of the hand-written route.
  handlers.set('POST v2/secapi/pay/refund', (request) => {
    const order = find(request);
    if (!order) return undefined;
    const refund = Number(request.refund_fee);
    const params = stringify(withoutNonce(request));
    const existing = ledger.refund(order.mchid, request.out_refund_no as string);
    if (existing) {
      if (existing.params !== params) return fail('INVALID_REQUEST', '退款单号重复，且参数与原退款单不一致');
      return success(request, mchid, v2Refund(existing, order));
    }
    if (!order.transactionId) return fail('TRADE_STATE_ERROR', '订单状态错误: 订单未支付');
    if (Number(request.total_fee) !== order.total) return fail('INVALID_REQUEST', `total_fee must be the order's total, ${order.total}`);
    if (!(refund > 0)) return fail('PARAM_ERROR', 'refund_fee must be more than 0 fen');
    if (refund > order.total - order.refunded) return fail('NOTENOUGH', `退款金额超过可退金额: ${order.total - order.refunded} fen left`);
    order.refunded += refund;
    order.tradeState = 'REFUND';
    const stored: StoredRefund = {
      mchid: order.mchid,
      outRefundNo: request.out_refund_no as string,
      refundId: refundId(`${ledger.seedText}/${order.mchid}/${request.out_refund_no}`),
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId,
      refund,
      total: order.total,
      currency: order.currency,
      status: 'PROCESSING',
      ...(request.refund_desc !== undefined && { reason: request.refund_desc }),
      ...(request.notify_url !== undefined && { notifyUrl: request.notify_url }),
      createTime: beijing(Date.now()),
      params,
      v2: true,
    };
    ledger.putRefund(stored);
    return success(request, mchid, v2Refund(stored, order));
  });

  handlers.set('POST v2/pay/refundquery', (request) => {
    const direct = request.out_refund_no ? ledger.refund(owner(request), request.out_refund_no) : undefined;
    const order = direct ? ledger.order(direct.mchid, direct.outTradeNo) : request.refund_id ? undefined : find(request);
    const byId = request.refund_id ? ledger.refunds().find((refund) => refund.refundId === request.refund_id) : undefined;
    const refunds = direct ? [direct] : byId ? [byId] : order ? ledger.refundsOf(order) : [];
    const of = order ?? (refunds[0] && ledger.order(refunds[0].mchid, refunds[0].outTradeNo));
    if (refunds.length === 0 || !of) return fail('REFUNDNOTEXIST', '退款订单查询失败');
    const fields: V2Payload = {
      transaction_id: of.transactionId ?? '',
      out_trade_no: of.outTradeNo,
      total_fee: String(of.total),
      cash_fee: String(of.total),
      refund_count: String(refunds.length),
    };
    for (const [i, refund] of refunds.entries()) {
      Object.assign(fields, {
        [`out_refund_no_${i}`]: refund.outRefundNo,
        [`refund_id_${i}`]: refund.refundId,
        [`refund_fee_${i}`]: String(refund.refund),
        [`refund_status_${i}`]: refund.status === 'ABNORMAL' ? 'CHANGE' : refund.status,
        [`refund_recv_accout_${i}`]: '支付用户零钱',
        ...(refund.successTime && { [`refund_success_time_${i}`]: refund.successTime.slice(0, 19).replace('T', ' ') }),
      });
    }
    return success(request, mchid, fields);
  });
  return handlers;
}

/** An APIv2 payment notification's fields (and `pay/orderquery`'s) for an order. */
export function v2Transaction(order: LedgerOrder): V2Payload {
  const paid = order.transactionId !== undefined;
  return {
    trade_state: order.tradeState,
    trade_state_desc: TRADE_STATE_DESC[order.tradeState] ?? order.tradeState,
    out_trade_no: order.outTradeNo,
    trade_type: order.tradeType,
    total_fee: String(order.total),
    fee_type: order.currency,
    ...(order.attach !== undefined && { attach: order.attach }),
    ...(paid && {
      transaction_id: order.transactionId as string,
      openid: order.openid ?? '',
      is_subscribe: 'N',
      bank_type: order.bankType ?? 'OTHERS',
      cash_fee: String(order.total),
      time_end: v2Time(order.successTime as string),
    }),
  };
}

/** `20261127101500` from `2026-11-27T10:15:00+08:00`. */
export function v2Time(rfc3339: string): string {
  return rfc3339.slice(0, 19).replace(/\D/g, '');
}

function v2Refund(refund: StoredRefund, order: LedgerOrder): V2Payload {
  return {
    transaction_id: refund.transactionId,
    out_trade_no: order.outTradeNo,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_fee: String(refund.refund),
    total_fee: String(order.total),
    cash_fee: String(order.total),
  };
}

function success(request: V2Payload, mchid: string, fields: V2Payload): V2Payload {
  return {
    result_code: 'SUCCESS',
    appid: request.appid ?? '',
    mch_id: mchid,
    ...(request.sub_mch_id && { sub_mch_id: request.sub_mch_id }),
    ...fields,
  };
}

function fail(errCode: string, description: string): V2Payload {
  return { result_code: 'FAIL', err_code: errCode, err_code_des: description };
}

function withoutNonce(request: V2Payload): V2Payload {
  const { nonce_str: _, sign: __, ...rest } = request;
  return rest;
}
