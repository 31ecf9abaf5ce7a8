/**
 * lib/retry/deduplicated.json: the operations WeChat Pay deduplicates by an id the merchant chooses and sends, which
 * the built-in retry may therefore repeat after an answer of 429 or 5xx, or a failure once the request may have been
 * sent (lib/retry/idempotent.ts reads it). Run through scripts/generate.mjs (`npm run generate`).
 *
 * An operation is in when its top-level `json` or `xml` payload has a required field named in {@link KEYS}: the
 * merchant's number of the order, refund, transfer, batch or request being made. Repeating such a call with the same
 * number gives back the first one's outcome (or a "number already used" answer) instead of a second payment,
 * refund or transfer; that is what the numbers are for. The list of names is reviewed by hand: a merchant id of a
 * thing (`out_shop_no`, `out_user_id`…) is left out, as is a number given only in the path (that names an existing
 * order, it does not make one). Keys are `METHOD path`, sorted; the value is the field.
 */

export const OUTPUT = 'lib/retry/deduplicated.json';

/** The names of the merchant-chosen numbers WeChat Pay deduplicates a request by. */
export const KEYS = new Set([
  'out_trade_no',
  'combine_out_trade_no',
  'out_refund_no',
  'out_order_no',
  'out_request_no',
  'out_batch_no',
  'out_bill_no',
  'out_detail_no',
  'out_return_no',
  'out_transfer_no',
  'out_apply_no',
  'out_budget_no',
  'out_authorization_no',
  'out_recharge_no',
  'out_reservation_no',
  'out_insurance_no',
  'out_instruction_no',
  'out_subsidy_no',
  'out_subsidy_return_no',
  'out_settle_batch_no',
  'out_abnormal_settle_batch_no',
  // APIv2 names for the same thing: a transfer's and a red packet's number.
  'partner_trade_no',
  'mch_billno',
]);

/**
 * The `{ "METHOD path": field }` object of a model.
 * @param {import('./catalog/model.mjs').Model} model
 * @returns {Record<string, string>}
 */
export function deduplicated(model) {
  const found = [];
  for (const endpoint of model.endpoints) {
    for (const operation of endpoint.operations) {
      if (operation.method === 'GET') continue;
      const top = [...(operation.json?.children ?? []), ...(operation.xml?.children ?? [])];
      const key = top.find((field) => field.required && KEYS.has(field.name));
      if (key) found.push([`${operation.method} ${endpoint.path}`, key.name]);
    }
  }
  found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(found);
}

/** One operation per line, so that a catalog change shows as a readable diff. */
export function render(table) {
  const lines = Object.entries(table).map(([key, field]) => `  ${JSON.stringify(key)}: ${JSON.stringify(field)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** @param {import('./catalog/model.mjs').Model} model */
export function files(model) {
  return new Map([[OUTPUT, render(deduplicated(model))]]);
}
