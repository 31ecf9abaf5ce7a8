/** The public view of the simulator's ledger: orders and refunds as WeChat Pay would answer a query of them. */

/** `NOTPAY` until `pay()`; `CLOSED` after a close; `REFUND` once a refund was made. */
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND' | 'PAYERROR';

/** An order of the ledger. */
export interface LedgerOrder {
  /** `direct` (`v3/pay/transactions/*`), `partner` (`v3/pay/partner/transactions/*`), `combine` (a sub-order of `v3/combine-transactions/*`), `v2` (`pay/unifiedorder`). */
  kind: 'direct' | 'partner' | 'combine' | 'v2';
  /** The merchant the order belongs to: the sub-merchant for partner and combined orders. */
  mchid: string;
  /** The service provider or combining merchant, for partner and combined orders. */
  spMchid?: string;
  appid: string;
  outTradeNo: string;
  /** For a sub-order: its combined order. */
  combineOutTradeNo?: string;
  /** `JSAPI` (also mini-programs), `APP`, `MWEB` (H5), `NATIVE`. */
  tradeType: string;
  tradeState: TradeState;
  description: string;
  attach?: string;
  notifyUrl: string;
  /** Fen. */
  total: number;
  currency: string;
  /** Fen refunded so far (successful and processing refunds). */
  refunded: number;
  prepayId: string;
  codeUrl?: string;
  h5Url?: string;
  /** Set when paid. */
  transactionId?: string;
  openid?: string;
  bankType?: string;
  /** RFC 3339 (+08:00). */
  createTime: string;
  successTime?: string;
}

export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

/** A refund of the ledger. */
export interface LedgerRefund {
  mchid: string;
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  transactionId: string;
  /** Fen. */
  refund: number;
  total: number;
  currency: string;
  status: RefundStatus;
  reason?: string;
  notifyUrl?: string;
  createTime: string;
  successTime?: string;
}

/** One attempt to deliver a callback. */
export interface DeliveryAttempt {
  /** Milliseconds since the epoch. */
  at: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why there was no answer (refused, timed out). */
  error?: string;
}

/** What became of a callback: acknowledged (2xx), or given up after WeChat Pay's retries. */
export interface CallbackOutcome {
  event: string;
  to: string;
  acknowledged: boolean;
  attempts: DeliveryAttempt[];
  /** The decrypted resource that was sent. */
  resource: Record<string, unknown>;
}

/** What `simulator.pay()` takes. */
export interface PayOptions {
  /** The payer's openid; by default one derived from the seed and the order. */
  openid?: string;
  /** The paying bank (`bank_type`); default `OTHERS`. */
  bankType?: string;
  /** The merchant whose order it is, when two merchants (sub-merchants) use the same `out_trade_no`. */
  mchid?: string;
  /** Send no callback: the order is paid silently (query it to learn). Default false. */
  silent?: boolean;
}

/** What `simulator.pay()` resolves with: the paid order(s), and the callback's fate. */
export interface PayResult {
  orders: LedgerOrder[];
  callback: CallbackOutcome | undefined;
}

/** What `simulator.settleRefund()` takes. */
export interface SettleRefundOptions {
  /** The refund's outcome: `SUCCESS` (default, callback `REFUND.SUCCESS`), `ABNORMAL` or `CLOSED`. */
  status?: 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  mchid?: string;
  silent?: boolean;
}

export interface SettleRefundResult {
  refund: LedgerRefund;
  callback: CallbackOutcome | undefined;
}
