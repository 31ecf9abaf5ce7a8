import stringify from 'fast-json-stable-stringify';
import { ParameterError } from '../errors/parameter-error.js';
import { errorReply, type Reply } from './reply.js';
import { SMARTRETAIL_COMPLETE, smartretailOrdersComplete } from './routes/smartretail-orders-complete.js';
import type { CatalogHandler, CatalogInput } from './engine.js';
import { beijing, digitsOf, hexOf, prepayId, refundId, SAMPLE_TIME, transactionId } from './sample-values.js';
import type { LedgerOrder, LedgerRefund, PayOptions, RefundStatus } from './ledger-types.js';
import { isObject } from './validate-request.js';
import { ok, paramError, refundResource, transaction, unpaidOmissions } from './ledger-answers.js';

/** Trade types by the last segment of the ordering path. */
const TRADE_TYPES: Record<string, string> = { jsapi: 'JSAPI', app: 'APP', h5: 'MWEB', native: 'NATIVE' };

export interface StoredOrder extends LedgerOrder {
  /** The creating request, canonical: the same `out_trade_no` with other parameters is refused. */
  params: string;
}

export interface StoredRefund extends LedgerRefund {
  params: string;
  /** APIv2 refunds: the sign type of the request, which the callback is signed with too. */
  v2?: boolean;
}

/**
 * The simulator's books: orders (direct, partner, combined) and refunds, per merchant, with WeChat Pay's rules
 * (one `out_trade_no` per merchant, a closed order cannot be paid, a paid one cannot be closed, refunds within the
 * amount paid). The handlers answer the catalog's ordering, query, close and refund operations from it.
 */
export class Ledger {
  readonly #orders = new Map<string, StoredOrder>();
  readonly #refunds = new Map<string, StoredRefund>();
  readonly #combined = new Map<
    string,
    { spMchid: string; appid: string; outTradeNo: string; subOrders: string[]; params: string; notifyUrl: string; openid?: string }
  >();

  constructor(
    private readonly mchid: string,
    private readonly seed: string,
  ) {}

  orders(): LedgerOrder[] {
    return [...this.#orders.values()].map(publicOrder);
  }

  refunds(): LedgerRefund[] {
    return [...this.#refunds.values()].map(({ params: _, v2: __, ...refund }) => ({ ...refund }));
  }

  readonly #resets: Array<() => void> = [];
  /** Completed smart-retail orders (the seed endpoint), by merchant and `out_order_no`: the parameters they were completed with. */
  readonly #completions = new Map<string, string>();

  reset(): void {
    this.#completions.clear();
    this.#orders.clear();
    this.#refunds.clear();
    this.#combined.clear();
    for (const reset of this.#resets) reset();
  }

  /** Books kept beside the ledger (profit sharing) are emptied with it. */
  onReset(reset: () => void): void {
    this.#resets.push(reset);
  }

  /** The handlers of the ledger's operations, by catalog key. */
  handlers(): Map<string, CatalogHandler> {
    const handlers = new Map<string, CatalogHandler>();
    for (const type of Object.keys(TRADE_TYPES)) {
      handlers.set(`POST v3/pay/transactions/${type}`, (input) => this.#create(input, 'direct', type));
      handlers.set(`POST v3/pay/partner/transactions/${type}`, (input) => this.#create(input, 'partner', type));
      handlers.set(`POST v3/combine-transactions/${type}`, (input) => this.#createCombined(input, type));
    }
    handlers.set('GET v3/pay/transactions/id/{transaction_id}', (input) => this.#query(input, 'direct', 'id'));
    handlers.set('GET v3/pay/transactions/out-trade-no/{out_trade_no}', (input) => this.#query(input, 'direct', 'out'));
    handlers.set('GET v3/pay/partner/transactions/id/{transaction_id}', (input) => this.#query(input, 'partner', 'id'));
    handlers.set('GET v3/pay/partner/transactions/out-trade-no/{out_trade_no}', (input) => this.#query(input, 'partner', 'out'));
    handlers.set('POST v3/pay/transactions/out-trade-no/{out_trade_no}/close', (input) => this.#close(input, 'direct'));
    handlers.set('POST v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close', (input) => this.#close(input, 'partner'));
    handlers.set('GET v3/combine-transactions/out-trade-no/{combine_out_trade_no}', (input) => this.#queryCombined(input));
    handlers.set('POST v3/combine-transactions/out-trade-no/{combine_out_trade_no}/close', (input) => this.#closeCombined(input));
    handlers.set('POST v3/refund/domestic/refunds', (input) => this.#refund(input));
    handlers.set('GET v3/refund/domestic/refunds/{out_refund_no}', (input) => this.#queryRefund(input));
    handlers.set(`POST ${SMARTRETAIL_COMPLETE}`, (input) => this.#completeSmartretail(input));
    return handlers;
  }

  /**
   * Completing a smart-retail order (the seed endpoint) checks its own rules, then keeps the completion: the same
   * order completed again with the same parameters gets the same answer, with other parameters WeChat Pay's error.
   */
  #completeSmartretail(input: CatalogInput): Reply {
    const reply = smartretailOrdersComplete(input);
    if (reply.status !== 200) return reply;
    const completion = key(input.mchid, input.params.out_order_no ?? '');
    const params = stringify(input.json);
    const before = this.#completions.get(completion);
    if (before !== undefined && before !== params) {
      return errorReply(400, 'INVALID_REQUEST', '该订单已完结: this out_order_no was completed with other parameters');
    }
    this.#completions.set(completion, params);
    return reply;
  }

  #create(input: CatalogInput, kind: 'direct' | 'partner', type: string): Reply {
    const { json } = input;
    const partner = kind === 'partner';
    const merchantField = partner ? 'sp_mchid' : 'mchid';
    const wrongMerchant = this.#checkMerchant(json[merchantField], merchantField);
    if (wrongMerchant) return wrongMerchant;
    const mchid = partner ? String(json.sub_mchid) : this.mchid;
    const amount = json.amount as { total: number; currency?: string };
    if (!(amount.total > 0)) return paramError('amount.total', 'must be more than 0 fen', amount.total);
    const payer = isObject(json.payer) ? json.payer : {};
    const order: StoredOrder = {
      kind,
      mchid,
      ...(partner && { spMchid: this.mchid }),
      appid: String(partner ? (json.sub_appid ?? json.sp_appid) : json.appid),
      outTradeNo: String(json.out_trade_no),
      tradeType: TRADE_TYPES[type] as string,
      tradeState: 'NOTPAY',
      description: String(json.description),
      ...(typeof json.attach === 'string' && { attach: json.attach }),
      notifyUrl: String(json.notify_url),
      total: amount.total,
      currency: amount.currency ?? 'CNY',
      refunded: 0,
      prepayId: prepayId(`${this.seed}/${mchid}/${json.out_trade_no}`, SAMPLE_TIME),
      ...(typeof (payer.openid ?? payer.sub_openid ?? payer.sp_openid) === 'string' && {
        openid: String(payer.openid ?? payer.sub_openid ?? payer.sp_openid),
      }),
      createTime: beijing(Date.now()),
      params: stringify({ type, json }),
    };
    const existing = this.#orders.get(key(mchid, order.outTradeNo));
    const stored = existing ?? order;
    if (existing) {
      if (existing.params !== order.params)
        return errorReply(400, 'INVALID_REQUEST', '201 商户订单号重复: this out_trade_no was used with other parameters');
      if (existing.tradeState === 'CLOSED') return errorReply(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.tradeState !== 'NOTPAY') return errorReply(400, 'ORDERPAID', '该订单已支付');
    } else {
      if (type === 'native') order.codeUrl = `weixin://wxpay/bizpayurl?pr=${hexOf(order.prepayId, 7)}`;
      if (type === 'h5')
        order.h5Url = `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${order.prepayId}&package=${digitsOf(order.prepayId, 10)}`;
      this.#orders.set(key(mchid, order.outTradeNo), order);
    }
    if (type === 'native') return ok(input, { code_url: stored.codeUrl });
    if (type === 'h5') return ok(input, { h5_url: stored.h5Url });
    return ok(input, { prepay_id: stored.prepayId });
  }

  #createCombined(input: CatalogInput, type: string): Reply {
    const { json } = input;
    const wrongMerchant = this.#checkMerchant(json.combine_mchid, 'combine_mchid');
    if (wrongMerchant) return wrongMerchant;
    const combineOutTradeNo = String(json.combine_out_trade_no);
    const params = stringify({ type, json });
    const existing = this.#combined.get(key(this.mchid, combineOutTradeNo));
    if (existing && existing.params !== params)
      return errorReply(400, 'INVALID_REQUEST', '201 商户订单号重复: this combine_out_trade_no was used with other parameters');
    const prepay = prepayId(`${this.seed}/${this.mchid}/${combineOutTradeNo}`, SAMPLE_TIME);
    if (!existing) {
      const subOrders = (json.sub_orders as Array<Record<string, unknown>>) ?? [];
      const payer = isObject(json.combine_payer_info) ? json.combine_payer_info : {};
      const openid = typeof (payer.openid ?? payer.sub_openid) === 'string' ? String(payer.openid ?? payer.sub_openid) : undefined;
      const keys: string[] = [];
      for (const [i, sub] of subOrders.entries()) {
        const amount = sub.amount as { total_amount: number; currency?: string };
        if (!(amount.total_amount > 0)) return paramError(`sub_orders[${i}].amount.total_amount`, 'must be more than 0 fen', amount.total_amount);
        const mchid = String(sub.sub_mchid ?? sub.mchid);
        if (this.#orders.has(key(mchid, String(sub.out_trade_no))))
          return errorReply(400, 'INVALID_REQUEST', `201 商户订单号重复: sub_orders[${i}].out_trade_no`);
        keys.push(key(mchid, String(sub.out_trade_no)));
      }
      for (const sub of subOrders) {
        const amount = sub.amount as { total_amount: number; currency?: string };
        const mchid = String(sub.sub_mchid ?? sub.mchid);
        this.#orders.set(key(mchid, String(sub.out_trade_no)), {
          kind: 'combine',
          mchid,
          spMchid: this.mchid,
          appid: String(sub.sub_appid ?? json.combine_appid),
          outTradeNo: String(sub.out_trade_no),
          combineOutTradeNo,
          tradeType: TRADE_TYPES[type] as string,
          tradeState: 'NOTPAY',
          description: String(sub.description),
          ...(typeof sub.attach === 'string' && { attach: sub.attach }),
          notifyUrl: String(json.notify_url),
          total: amount.total_amount,
          currency: amount.currency ?? 'CNY',
          refunded: 0,
          prepayId: prepay,
          ...(openid && { openid }),
          createTime: beijing(Date.now()),
          params,
        });
      }
      this.#combined.set(key(this.mchid, combineOutTradeNo), {
        spMchid: this.mchid,
        appid: String(json.combine_appid),
        outTradeNo: combineOutTradeNo,
        subOrders: keys,
        params,
        notifyUrl: String(json.notify_url),
        ...(openid && { openid }),
      });
    }
    if (type === 'native') return ok(input, { code_url: `weixin://wxpay/bizpayurl?pr=${hexOf(prepay, 7)}` });
    if (type === 'h5')
      return ok(input, { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${prepay}&package=${digitsOf(prepay, 10)}` });
    return ok(input, { prepay_id: prepay });
  }

  #query(input: CatalogInput, kind: 'direct' | 'partner', by: 'id' | 'out'): Reply {
    const { params, query } = input;
    const partner = kind === 'partner';
    const merchantField = partner ? 'sp_mchid' : 'mchid';
    const wrongMerchant = this.#checkMerchant(query.get(merchantField), merchantField, 'query');
    if (wrongMerchant) return wrongMerchant;
    const mchid = partner ? String(query.get('sub_mchid')) : this.mchid;
    const order =
      by === 'out' ? this.#orders.get(key(mchid, params.out_trade_no as string)) : this.#byTransactionId(mchid, params.transaction_id as string);
    if (!order) return errorReply(404, 'ORDER_NOT_EXIST', '订单不存在');
    // The catalog's page lists the order's description and notify_url among the answer's fields: the real ones, then.
    return ok(input, { description: order.description, notify_url: order.notifyUrl, ...transaction(order) }, unpaidOmissions(order));
  }

  #close(input: CatalogInput, kind: 'direct' | 'partner'): Reply {
    const { params, json } = input;
    const partner = kind === 'partner';
    const merchantField = partner ? 'sp_mchid' : 'mchid';
    const wrongMerchant = this.#checkMerchant(json[merchantField], merchantField);
    if (wrongMerchant) return wrongMerchant;
    const order = this.#orders.get(key(partner ? String(json.sub_mchid) : this.mchid, params.out_trade_no as string));
    return closeOrder(order) ?? { status: 204, json: undefined };
  }

  #queryCombined(input: CatalogInput): Reply {
    const combined = this.#combined.get(key(this.mchid, input.params.combine_out_trade_no as string));
    if (!combined) return errorReply(404, 'ORDER_NOT_EXIST', '订单不存在');
    const subs = combined.subOrders.map((at) => this.#orders.get(at) as StoredOrder);
    return ok(input, {
      combine_appid: combined.appid,
      combine_mchid: combined.spMchid,
      combine_out_trade_no: combined.outTradeNo,
      sub_orders: subs.map((order) => ({
        mchid: order.spMchid,
        sub_mchid: order.mchid,
        trade_type: order.tradeType,
        trade_state: order.tradeState,
        ...(order.transactionId && { transaction_id: order.transactionId, bank_type: order.bankType, success_time: order.successTime }),
        ...(order.attach !== undefined && { attach: order.attach }),
        out_trade_no: order.outTradeNo,
        amount: {
          total_amount: order.total,
          currency: order.currency,
          ...(order.transactionId && { payer_amount: order.total, payer_currency: order.currency }),
        },
      })),
      ...(combined.openid && { combine_payer_info: { openid: combined.openid } }),
    });
  }

  #closeCombined(input: CatalogInput): Reply {
    const combined = this.#combined.get(key(this.mchid, input.params.combine_out_trade_no as string));
    if (!combined) return errorReply(404, 'ORDER_NOT_EXIST', '订单不存在');
    const subs = combined.subOrders.map((at) => this.#orders.get(at) as StoredOrder);
    if (subs.some((order) => order.tradeState !== 'NOTPAY' && order.tradeState !== 'CLOSED')) return errorReply(400, 'ORDERPAID', '该订单已支付');
    for (const order of subs) order.tradeState = 'CLOSED';
    return { status: 204, json: undefined };
  }

  #refund(input: CatalogInput): Reply {
    const { json } = input;
    const mchid = typeof json.sub_mchid === 'string' ? json.sub_mchid : this.mchid;
    const order =
      typeof json.transaction_id === 'string'
        ? this.#byTransactionId(mchid, json.transaction_id)
        : typeof json.out_trade_no === 'string'
          ? this.#orders.get(key(mchid, json.out_trade_no))
          : undefined;
    if (json.transaction_id === undefined && json.out_trade_no === undefined)
      return paramError('out_trade_no', 'is required when transaction_id is not given');
    if (!order) return errorReply(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const amount = json.amount as { refund: number; total: number; currency: string };
    const params = stringify(json);
    const existing = this.#refunds.get(key(mchid, String(json.out_refund_no)));
    if (existing) {
      if (existing.params !== params) return errorReply(400, 'INVALID_REQUEST', 'this out_refund_no was used with other parameters');
      return ok(input, refundResource(existing, order));
    }
    if (!order.transactionId) return errorReply(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (amount.total !== order.total) return paramError('amount.total', `must be the order's total, ${order.total}`, amount.total);
    if (!(amount.refund > 0)) return paramError('amount.refund', 'must be more than 0 fen', amount.refund);
    if (amount.refund > order.total - order.refunded) {
      return errorReply(403, 'NOT_ENOUGH', `退款金额超过可退金额: ${order.total - order.refunded} fen left of ${order.total}`);
    }
    order.refunded += amount.refund;
    order.tradeState = 'REFUND';
    const refund: StoredRefund = {
      mchid,
      outRefundNo: String(json.out_refund_no),
      refundId: refundId(`${this.seed}/${mchid}/${json.out_refund_no}`),
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId,
      refund: amount.refund,
      total: order.total,
      currency: order.currency,
      status: 'PROCESSING',
      ...(typeof json.reason === 'string' && { reason: json.reason }),
      ...(typeof json.notify_url === 'string' && { notifyUrl: json.notify_url }),
      createTime: beijing(Date.now()),
      params,
    };
    this.#refunds.set(key(mchid, refund.outRefundNo), refund);
    return ok(input, refundResource(refund, order));
  }

  #queryRefund(input: CatalogInput): Reply {
    const mchid = input.query.get('sub_mchid') ?? this.mchid;
    const refund = this.#refunds.get(key(mchid, input.params.out_refund_no as string));
    if (!refund) return errorReply(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return ok(input, refundResource(refund, this.#orders.get(key(mchid, refund.outTradeNo))));
  }

  /** An order by merchant and `out_trade_no` (for the APIv2 routes). */
  order(mchid: string, outTradeNo: string): StoredOrder | undefined {
    return this.#orders.get(key(mchid, outTradeNo));
  }

  byTransaction(mchid: string, transactionId: string): StoredOrder | undefined {
    return this.#byTransactionId(mchid, transactionId);
  }

  put(order: StoredOrder): void {
    this.#orders.set(key(order.mchid, order.outTradeNo), order);
  }

  refund(mchid: string, outRefundNo: string): StoredRefund | undefined {
    return this.#refunds.get(key(mchid, outRefundNo));
  }

  putRefund(refund: StoredRefund): void {
    this.#refunds.set(key(refund.mchid, refund.outRefundNo), refund);
  }

  /** The refunds of an order, oldest first. */
  refundsOf(order: LedgerOrder): StoredRefund[] {
    return [...this.#refunds.values()].filter((refund) => refund.mchid === order.mchid && refund.outTradeNo === order.outTradeNo);
  }

  get seedText(): string {
    return this.seed;
  }

  #checkMerchant(given: unknown, field: string, location: 'body' | 'query' = 'body'): Reply | undefined {
    if (given === undefined || given === null || given === this.mchid) return undefined;
    return errorReply(400, 'PARAM_ERROR', `参数错误: ${field} is not the merchant of the Authorization header`, {
      field,
      value: given,
      issue: `must be ${this.mchid}, the merchant that signed the request`,
      location,
    });
  }

  #byTransactionId(mchid: string, transactionId: string): StoredOrder | undefined {
    for (const order of this.#orders.values()) if (order.mchid === mchid && order.transactionId === transactionId) return order;
    return undefined;
  }

  /** The orders `pay()` pays: one order, or every sub-order of a combined order. */
  find(
    outTradeNo: string,
    mchid?: string,
  ): { orders: StoredOrder[]; combined?: { appid: string; spMchid: string; outTradeNo: string; notifyUrl: string; openid?: string } } {
    const combined = this.#combined.get(key(mchid ?? this.mchid, outTradeNo));
    if (combined) return { orders: combined.subOrders.map((at) => this.#orders.get(at) as StoredOrder), combined };
    const matches = [...this.#orders.values()].filter((order) => order.outTradeNo === outTradeNo && (mchid === undefined || order.mchid === mchid));
    if (matches.length > 1) throw new ParameterError('options.mchid', `${matches.length} merchants have an order ${outTradeNo}: name the one to pay`);
    return { orders: matches };
  }

  /** Marks orders paid, as the payer's confirmation does; answers the callback resource. */
  pay(
    outTradeNo: string,
    options: PayOptions = {},
  ): { orders: LedgerOrder[]; event: string; to: string; resource: Record<string, unknown>; v2: boolean } {
    const { orders, combined } = this.find(outTradeNo, options.mchid);
    if (orders.length === 0) throw new ParameterError('outTradeNo', `no order ${outTradeNo} in the simulator's ledger`);
    for (const order of orders) {
      if (order.tradeState === 'CLOSED') throw new ParameterError('outTradeNo', `order ${outTradeNo} is closed: a closed order cannot be paid`);
      if (order.tradeState !== 'NOTPAY') throw new ParameterError('outTradeNo', `order ${outTradeNo} is ${order.tradeState} already`);
    }
    const now = Date.now();
    const openid = options.openid ?? orders[0]?.openid ?? `o${hexOf(`${this.seed}/payer/${outTradeNo}`, 27)}`;
    for (const order of orders) {
      order.tradeState = 'SUCCESS';
      order.transactionId = transactionId(`${this.seed}/${order.mchid}/${order.outTradeNo}`);
      order.openid = openid;
      order.bankType = options.bankType ?? 'OTHERS';
      order.successTime = beijing(now);
    }
    const first = orders[0] as StoredOrder;
    const resource = combined
      ? {
          combine_appid: combined.appid,
          combine_mchid: combined.spMchid,
          combine_out_trade_no: combined.outTradeNo,
          sub_orders: orders.map((order) => ({
            mchid: order.spMchid,
            sub_mchid: order.mchid,
            trade_type: order.tradeType,
            trade_state: order.tradeState,
            bank_type: order.bankType,
            ...(order.attach !== undefined && { attach: order.attach }),
            success_time: order.successTime,
            transaction_id: order.transactionId,
            out_trade_no: order.outTradeNo,
            amount: { total_amount: order.total, currency: order.currency, payer_amount: order.total, payer_currency: order.currency },
          })),
          combine_payer_info: { openid },
        }
      : transaction(first);
    return {
      orders: orders.map(publicOrder),
      event: 'TRANSACTION.SUCCESS',
      to: combined ? combined.notifyUrl : first.notifyUrl,
      resource,
      v2: first.kind === 'v2',
    };
  }

  /** Settles a refund; answers the callback to send, if the refund named a `notify_url`. */
  settleRefund(
    outRefundNo: string,
    status: Exclude<RefundStatus, 'PROCESSING'>,
    mchid?: string,
  ): { refund: LedgerRefund; event: string; to: string | undefined; resource: Record<string, unknown>; v2: boolean } {
    const matches = [...this.#refunds.values()].filter(
      (refund) => refund.outRefundNo === outRefundNo && (mchid === undefined || refund.mchid === mchid),
    );
    const refund = matches[0];
    if (!refund) throw new ParameterError('outRefundNo', `no refund ${outRefundNo} in the simulator's ledger`);
    if (refund.status !== 'PROCESSING') throw new ParameterError('outRefundNo', `refund ${outRefundNo} is ${refund.status} already`);
    refund.status = status;
    const order = this.#orders.get(key(refund.mchid, refund.outTradeNo));
    if (status === 'SUCCESS') refund.successTime = beijing(Date.now());
    else if (order) {
      // The money did not go back: the order can be refunded again.
      order.refunded -= refund.refund;
      if (order.refunded === 0) order.tradeState = 'SUCCESS';
    }
    const { params: _, v2, ...view } = refund;
    const resource = {
      mchid: refund.mchid,
      ...(order?.spMchid && { sp_mchid: order.spMchid, sub_mchid: refund.mchid, mchid: order.spMchid }),
      out_trade_no: refund.outTradeNo,
      transaction_id: refund.transactionId,
      out_refund_no: refund.outRefundNo,
      refund_id: refund.refundId,
      refund_status: status,
      ...(refund.successTime && { success_time: refund.successTime }),
      user_received_account: '支付用户零钱',
      amount: { total: refund.total, refund: refund.refund, payer_total: refund.total, payer_refund: refund.refund },
    };
    return { refund: { ...view }, event: `REFUND.${status}`, to: refund.notifyUrl, resource, v2: v2 === true };
  }

  /** Payments and refunds of a day (`YYYY-MM-DD`, Beijing time), for the bills. */
  day(date: string): { orders: LedgerOrder[]; refunds: LedgerRefund[] } {
    return {
      orders: this.orders().filter((order) => order.successTime?.startsWith(date)),
      refunds: this.refunds().filter(
        (refund) => (refund.successTime ?? refund.createTime).startsWith(date) && refund.status !== 'ABNORMAL' && refund.status !== 'CLOSED',
      ),
    };
  }
}

function key(mchid: string, no: string): string {
  return `${mchid}\u0000${no}`;
}

function publicOrder(order: StoredOrder): LedgerOrder {
  const { params: _, ...view } = order;
  return { ...view };
}

/** A close as WeChat Pay rules it: unknown → 404, paid → ORDERPAID; closing twice is fine. */
function closeOrder(order: StoredOrder | undefined): Reply | undefined {
  if (!order) return errorReply(404, 'ORDER_NOT_EXIST', '订单不存在');
  if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND') return errorReply(400, 'ORDERPAID', '订单已支付，不能关闭');
  order.tradeState = 'CLOSED';
  return undefined;
}
