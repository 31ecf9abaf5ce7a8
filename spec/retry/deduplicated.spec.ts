import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, loadModel } from '../../scripts/catalog/model.mjs';
import { deduplicated, files, KEYS, OUTPUT } from '../../scripts/generate-deduplicated.mjs';
import { ROOT } from '../../scripts/generate.mjs';

const model = loadModel(DEFAULT_CATALOG);
const table = deduplicated(model);

describe('the operations WeChat Pay deduplicates by a merchant number (lib/retry/deduplicated.json)', () => {
  it.each([
    ['POST v3/pay/transactions/jsapi', 'out_trade_no'],
    ['POST v3/pay/partner/transactions/native', 'out_trade_no'],
    ['POST v3/combine-transactions/app', 'combine_out_trade_no'],
    ['POST v3/refund/domestic/refunds', 'out_refund_no'],
    ['POST v3/transfer/batches', 'out_batch_no'],
    ['POST v3/fund-app/mch-transfer/transfer-bills', 'out_bill_no'],
    ['POST v3/profitsharing/orders', 'out_order_no'],
    ['POST v2/pay/micropay', 'out_trade_no'],
    ['POST v2/secapi/pay/refund', 'out_refund_no'],
    ['POST v2/mmpaymkttransfers/promotion/transfers', 'partner_trade_no'],
    ['POST v2/mmpaymkttransfers/sendredpack', 'mch_billno'],
  ])('holds %s, by %s', (operation, field) => {
    expect(table[operation]).toBe(field);
  });

  it.each([
    // No merchant number at all: adding a receiver, applying for a merchant.
    'POST v3/profitsharing/receivers/add',
    'POST v3/profitsharing/receivers/delete',
    // A number in the path only names an order that exists.
    'POST v3/pay/transactions/out-trade-no/{out_trade_no}/close',
    'POST v3/payscore/serviceorder/{out_order_no}/complete',
    // Queries are GETs, retried as such; the table lists none.
    'GET v3/pay/transactions/id/{transaction_id}',
    'GET v3/refund/domestic/refunds/{out_refund_no}',
  ])('leaves out %s', (operation) => {
    expect(model.endpoints.some((endpoint) => endpoint.operations.some((op) => `${op.method} ${endpoint.path}` === operation))).toBe(true);
    expect(table[operation]).toBeUndefined();
  });

  it('names only fields of the reviewed list, and the committed file is what the catalog gives', () => {
    expect(new Set(Object.values(table)).size).toBeGreaterThan(5);
    for (const field of Object.values(table)) expect(KEYS.has(field)).toBe(true);
    expect(readFileSync(join(ROOT, OUTPUT), 'utf8')).toBe(files(model).get(OUTPUT));
  });
});
