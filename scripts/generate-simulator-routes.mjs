#!/usr/bin/env node
/**
 * Writes lib/simulator/catalog-routes.json: what the simulator needs of the WeChat Pay API catalog at run time, as
 * small as it can be. For every operation (`POST v3/pay/transactions/jsapi`), the request fields it validates (json,
 * query, xml, the multipart `meta`) and the response fields it answers: the required ones, and the optional ones
 * whose name is also a request field (identifiers the answer echoes). Titles, links and descriptions stay out.
 *
 * One of the generators `npm run generate` runs (scripts/generate.mjs); `npm run generate -- --check` checks it.
 *
 * A field is written as its code, or `[code, ...enum]`, or `[code, {children}]`. The code is one type letter
 * (s string, i integer, n number, b boolean, o object, O object[], S string[], I integer[], N number[], u unknown)
 * followed by `!` (required), `#` (RSA-encrypted with the platform key) and `~` (a JSON text of its children).
 * lib/simulator/catalog-fields.ts reads it.
 */
/** Where the data goes, relative to the repository root. */
export const OUTPUT = 'lib/simulator/catalog-routes.json';

const TYPES = {
  string: 's',
  integer: 'i',
  number: 'n',
  boolean: 'b',
  object: 'o',
  'object[]': 'O',
  'string[]': 'S',
  'integer[]': 'I',
  'number[]': 'N',
};

/** The request parts the simulator validates. */
const PARTS = ['json', 'query', 'xml'];

/** Names the client adds to an APIv2 payload, or the simulator answers itself: not part of the catalog data. */
const V2_OWN = new Set(['sign', 'nonce_str', 'return_code', 'return_msg', 'result_code', 'err_code', 'err_code_des', 'error_code']);

function code(field) {
  return `${TYPES[field.type] ?? 'u'}${field.required ? '!' : ''}${field.encrypted === 'by-rsa-pubkey' ? '#' : ''}${field.encoded === 'by-json_encode' && field.children ? '~' : ''}`;
}

/** A field map; `keep(field)` decides which fields are written (children of kept objects follow the same rule). */
function fields(list, keep) {
  const out = {};
  for (const field of list ?? []) {
    if (!keep(field)) continue;
    const c = code(field);
    if (field.children?.length) {
      const children = fields(field.children, keep);
      out[field.name] = Object.keys(children).length > 0 ? [c, children] : c;
    } else if (field.enum?.length) {
      out[field.name] = [c, ...field.enum];
    } else {
      out[field.name] = c;
    }
  }
  return out;
}

/** The top-level names of a request (placeholders, and the fields of json, query and xml). */
function requestNames(operation) {
  const names = new Set(operation.placeholders.map((field) => field.name));
  for (const part of PARTS) for (const field of operation[part]?.children ?? []) names.add(field.name);
  return names;
}

/** The compact data of a model (see the file's comment). */
export function simulatorRoutes(model) {
  const routes = {};
  for (const endpoint of model.endpoints) {
    for (const operation of endpoint.operations) {
      const request = {};
      for (const part of PARTS) {
        if (!operation[part]) continue;
        const list = (operation[part].children ?? []).filter((field) => !(part === 'xml' && V2_OWN.has(field.name)));
        request[part] = fields(list, () => true);
      }
      const meta = operation.body?.children?.find((field) => field.name === 'meta');
      if (meta?.children?.length) request.meta = fields(meta.children, () => true);
      if (operation.security) request.security = 1;
      if (operation.nonceless) request.nonceless = 1;
      // APIv2's 二选一: one of `transaction_id` / `out_trade_no` (and the refund ids) is required.
      const oneOf = operation.xml?.children?.find((field) => field.oneOf)?.oneOf;
      if (oneOf) request.oneOf = oneOf;
      const echoed = requestNames(operation);
      const response = fields(
        operation.response.filter((field) => !(endpoint.protocol === 'v2' && V2_OWN.has(field.name))),
        (field) => field.required || echoed.has(field.name),
      );
      routes[`${operation.method} ${endpoint.path}`] = [request, response];
    }
  }
  return routes;
}

/**
 * The generated data file of a model (`loadModel()`), as scripts/generate.mjs expects.
 * @param {import('./catalog/model.mjs').Model} model
 */
export function files(model) {
  return new Map([[OUTPUT, `${JSON.stringify(simulatorRoutes(model))}\n`]]);
}
