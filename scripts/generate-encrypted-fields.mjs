/**
 * lib/sensitive-fields/encrypted-fields.json: per endpoint, the request fields the catalog model
 * (scripts/catalog/model.mjs) marks `encrypted: by-rsa-pubkey` (the caller encrypts them with WeChat Pay's public
 * key), which the `encrypt: 'catalog'` call option and `sensitiveFields()` read. Run through scripts/generate.mjs
 * (`npm run generate`).
 *
 * Field paths use the syntax of the `encrypt` option: the top-level request part (`json`, `query`, and for a few
 * endpoints `body` or `xml`), then `.name` per level, with `[]` after a field whose type is a list
 * (`json.ubo_info_list[].ubo_id_doc_number`). Keys are `METHOD path`, sorted by path then method.
 */

export const OUTPUT = 'lib/sensitive-fields/encrypted-fields.json';
const MARK = 'by-rsa-pubkey';

/**
 * The `{ "METHOD path": [field paths] }` object of a model.
 * @param {import('./catalog/model.mjs').Model} model
 * @returns {Record<string, string[]>}
 */
export function encryptedFields(model) {
  const found = {};
  // The model's endpoints are sorted by path, and each one's operations by method (GET, POST, PUT, PATCH, DELETE);
  // the file sorts methods by name within a path.
  for (const endpoint of model.endpoints) {
    const operations = [...endpoint.operations].sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
    for (const operation of operations) {
      const fields = [];
      collect(operation.request, '', fields);
      if (fields.length > 0) found[`${operation.method} ${endpoint.path}`] = fields;
    }
  }
  return found;
}

function collect(fields, prefix, out) {
  for (const field of fields) {
    const path = prefix ? `${prefix}.${field.name}` : field.name;
    const list = field.type.endsWith('[]');
    if (field.encrypted === MARK) out.push(list ? `${path}[]` : path);
    // The children of an encrypted field are the fields of its plaintext: the caller never sends them as such.
    if (field.encrypted) continue;
    if (field.children) collect(field.children, list ? `${path}[]` : path, out);
  }
}

/** The data file's text: one endpoint per line, so a catalog change shows as a readable diff. */
export function render(fields) {
  const lines = Object.entries(fields).map(([key, list]) => `  ${JSON.stringify(key)}: ${JSON.stringify(list)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** @param {import('./catalog/model.mjs').Model} model */
export function files(model) {
  return new Map([[OUTPUT, render(encryptedFields(model))]]);
}
