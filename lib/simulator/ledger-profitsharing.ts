import stringify from 'fast-json-stable-stringify';
import type { Ledger } from './ledger.js';
import { errorReply, type Reply } from './reply.js';
import { beijing, digitsOf } from './sample-values.js';
import type { CatalogHandler, CatalogInput } from './engine.js';
import { echoOf, synthesize } from './synthesize-answer.js';

interface Sharing {
  mchid: string;
  transactionId: string;
  outOrderNo: string;
  orderId: string;
  params: string;
  receivers: Array<{
    type: string;
    account: string;
    amount: number;
    description: string;
    result: string;
    create_time: string;
    finish_time: string;
    detail_id: string;
  }>;
  /** Fen given back by return orders. */
  returned: number;
}

interface Return {
  mchid: string;
  outReturnNo: string;
  answer: Record<string, unknown>;
  params: string;
}

/**
 * Profit sharing (分账) on the ledger's paid orders: `v3/profitsharing/orders` shares out of what was paid (less
 * refunds and earlier shares), `…/orders/unfreeze` gives the rest to the merchant, `…/transactions/{id}/amounts`
 * says what is left, `…/return-orders` takes money back from a receiver. Shares finish at once.
 */
export function profitSharingHandlers(ledger: Ledger, mchid: string): Map<string, CatalogHandler> {
  const sharings = new Map<string, Sharing>();
  const returns = new Map<string, Return>();
  /** Per transaction: fen shared so far, and whether the rest was unfrozen. */
  const accounts = new Map<string, { shared: number; unfrozen: boolean }>();
  ledger.onReset(() => {
    sharings.clear();
    returns.clear();
    accounts.clear();
  });
  const owner = (json: Record<string, unknown>, query?: URLSearchParams) => String(json.sub_mchid ?? query?.get('sub_mchid') ?? mchid);
  const account = (transactionId: string) => accounts.get(transactionId) ?? { shared: 0, unfrozen: false };
  const unsplit = (merchant: string, transactionId: string) => {
    const order = ledger.byTransaction(merchant, transactionId);
    if (!order) return undefined;
    const { shared, unfrozen } = account(transactionId);
    return unfrozen ? 0 : Math.max(0, order.total - order.refunded - shared);
  };
  const handlers = new Map<string, CatalogHandler>();

  handlers.set('POST v3/profitsharing/orders', (input) => {
    const { json } = input;
    const merchant = owner(json);
    const transactionId = String(json.transaction_id);
    const key = `${merchant}\u0000${json.out_order_no}`;
    const params = stringify(json);
    const existing = sharings.get(key);
    if (existing)
      return existing.params === params
        ? ok(input, sharingAnswer(existing))
        : errorReply(400, 'INVALID_REQUEST', 'this out_order_no was used with other parameters');
    const left = unsplit(merchant, transactionId);
    if (left === undefined) return errorReply(404, 'RESOURCE_NOT_EXISTS', '订单不存在: no paid order has this transaction_id');
    const receivers = (json.receivers as Array<Record<string, unknown>> | undefined) ?? [];
    const total = receivers.reduce((sum, receiver) => sum + Number(receiver.amount), 0);
    if (receivers.some((receiver) => !(Number(receiver.amount) > 0)))
      return errorReply(400, 'PARAM_ERROR', '参数错误: receivers[].amount must be more than 0 fen');
    if (total > left) return errorReply(403, 'NOT_ENOUGH', `分账金额超过可分账金额: ${left} fen left`);
    const now = beijing(Date.now());
    const sharing: Sharing = {
      mchid: merchant,
      transactionId,
      outOrderNo: String(json.out_order_no),
      orderId: `3008${digitsOf(`${ledger.seedText}/sharing/${key}`, 26)}`,
      params,
      receivers: receivers.map((receiver, i) => ({
        type: String(receiver.type),
        account: String(receiver.account),
        amount: Number(receiver.amount),
        description: String(receiver.description),
        result: 'SUCCESS',
        create_time: now,
        finish_time: now,
        detail_id: `3600${digitsOf(`${ledger.seedText}/sharing/${key}/${i}`, 26)}`,
      })),
      returned: 0,
    };
    sharings.set(key, sharing);
    accounts.set(transactionId, { shared: account(transactionId).shared + total, unfrozen: json.unfreeze_unsplit === true });
    return ok(input, sharingAnswer(sharing));
  });

  handlers.set('GET v3/profitsharing/orders/{out_order_no}', (input) => {
    const sharing = sharings.get(`${owner({}, input.query)}\u0000${input.params.out_order_no}`);
    if (!sharing || sharing.transactionId !== input.query.get('transaction_id')) return errorReply(404, 'RESOURCE_NOT_EXISTS', '记录不存在');
    return ok(input, sharingAnswer(sharing));
  });

  handlers.set('POST v3/profitsharing/orders/unfreeze', (input) => {
    const { json } = input;
    const merchant = owner(json);
    const transactionId = String(json.transaction_id);
    if (unsplit(merchant, transactionId) === undefined)
      return errorReply(404, 'RESOURCE_NOT_EXISTS', '订单不存在: no paid order has this transaction_id');
    accounts.set(transactionId, { ...account(transactionId), unfrozen: true });
    const orderId = `3008${digitsOf(`${ledger.seedText}/unfreeze/${merchant}/${json.out_order_no}`, 26)}`;
    return ok(input, { transaction_id: transactionId, out_order_no: json.out_order_no, order_id: orderId, state: 'FINISHED' });
  });

  handlers.set('GET v3/profitsharing/transactions/{transaction_id}/amounts', (input) => {
    const transactionId = input.params.transaction_id as string;
    const left = unsplit(owner({}, input.query), transactionId);
    if (left === undefined) return errorReply(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    return ok(input, { transaction_id: transactionId, unsplit_amount: left });
  });

  handlers.set('POST v3/profitsharing/return-orders', (input) => {
    const { json } = input;
    const merchant = owner(json);
    const key = `${merchant}\u0000${json.out_return_no}`;
    const params = stringify(json);
    const existing = returns.get(key);
    if (existing)
      return existing.params === params
        ? ok(input, existing.answer)
        : errorReply(400, 'INVALID_REQUEST', 'this out_return_no was used with other parameters');
    const sharing = [...sharings.values()].find(
      (entry) => entry.mchid === merchant && (entry.outOrderNo === json.out_order_no || entry.orderId === json.order_id),
    );
    if (!sharing) return errorReply(404, 'RESOURCE_NOT_EXISTS', '分账单不存在');
    const given = sharing.receivers.filter((receiver) => receiver.account === json.return_mchid).reduce((sum, receiver) => sum + receiver.amount, 0);
    const amount = Number(json.amount);
    if (!(amount > 0)) return errorReply(400, 'PARAM_ERROR', '参数错误: amount must be more than 0 fen');
    if (amount > given - sharing.returned) return errorReply(403, 'NOT_ENOUGH', `回退金额超过可回退金额: ${given - sharing.returned} fen left`);
    sharing.returned += amount;
    const now = beijing(Date.now());
    const answer = {
      order_id: sharing.orderId,
      out_order_no: sharing.outOrderNo,
      out_return_no: json.out_return_no,
      return_id: `3008${digitsOf(`${ledger.seedText}/return/${key}`, 26)}`,
      return_mchid: json.return_mchid,
      amount,
      description: json.description,
      result: 'SUCCESS',
      create_time: now,
      finish_time: now,
    };
    returns.set(key, { mchid: merchant, outReturnNo: String(json.out_return_no), answer, params });
    return ok(input, answer);
  });

  handlers.set('GET v3/profitsharing/return-orders/{out_return_no}', (input) => {
    const found = returns.get(`${owner({}, input.query)}\u0000${input.params.out_return_no}`);
    if (!found || found.answer.out_order_no !== input.query.get('out_order_no')) return errorReply(404, 'RESOURCE_NOT_EXISTS', '回退单不存在');
    return ok(input, found.answer);
  });
  return handlers;
}

function sharingAnswer(sharing: Sharing): Record<string, unknown> {
  return {
    transaction_id: sharing.transactionId,
    out_order_no: sharing.outOrderNo,
    order_id: sharing.orderId,
    state: 'FINISHED',
    receivers: sharing.receivers,
  };
}

/** A 200 with these fields over the catalog's required ones. */
function ok(input: CatalogInput, fields: Record<string, unknown>): Reply {
  const base = synthesize(input.operation.response, {
    echo: echoOf(input.params, input.query, input.json),
    seed: input.seed,
    mchid: input.mchid,
    text: false,
  });
  return { status: 200, json: { ...base, ...fields } };
}
