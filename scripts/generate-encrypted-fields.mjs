#!/usr/bin/env node
// Extracts, per endpoint, the request fields the WeChat Pay catalog marks `"encrypted": "by-rsa-pubkey"`
// (the caller encrypts them with the platform public key) into lib/sensitive-fields/encrypted-fields.json,
// which the `encrypt: 'catalog'` call option and `sensitiveFields()` read.
//
//   node scripts/generate-encrypted-fields.mjs            write the data file
//   node scripts/generate-encrypted-fields.mjs --check    exit 1 if the data file is not what the catalog gives
//   options: --catalog FILE (default ../shared/catalog/wechatpay-api.json from the repository root),
//            --out FILE (default lib/sensitive-fields/encrypted-fields.json), --stdout
//
// Field paths use the syntax of the `encrypt` option: the top-level request part (`json`, `query`, and for a
// few endpoints `body` or `xml`), then `.name` per level, with `[]` after a field whose type is a list
// (`json.ubo_info_list[].ubo_id_doc_number`). Keys are `METHOD path`, sorted by path then method.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const MARK = 'by-rsa-pubkey';

/** The `{ "METHOD path": [field paths] }` object for a parsed catalog. */
export function encryptedFields(catalog) {
  if (!catalog || !Array.isArray(catalog.endpoints)) throw new Error('the catalog has no "endpoints" list');
  const found = new Map();
  for (const endpoint of catalog.endpoints) {
    for (const operation of endpoint.operations ?? []) {
      const fields = [];
      collect(operation.request ?? [], '', fields);
      if (fields.length === 0) continue;
      const key = `${String(operation.method).toUpperCase()} ${endpoint.path}`;
      // An endpoint listed twice keeps one list, first occurrence first.
      found.set(key, [...new Set([...(found.get(key) ?? []), ...fields])]);
    }
  }
  const order = (key) => {
    const space = key.indexOf(' ');
    return [key.slice(space + 1), key.slice(0, space)];
  };
  const keys = [...found.keys()].sort((a, b) => {
    const [pa, ma] = order(a);
    const [pb, mb] = order(b);
    return pa < pb ? -1 : pa > pb ? 1 : ma < mb ? -1 : ma > mb ? 1 : 0;
  });
  return Object.fromEntries(keys.map((key) => [key, found.get(key)]));
}

function collect(fields, prefix, out) {
  for (const field of fields) {
    const path = prefix ? `${prefix}.${field.name}` : String(field.name);
    if (field.encrypted === MARK) out.push(String(field.type).endsWith('[]') ? `${path}[]` : path);
    // The children of an encrypted field are the fields of its plaintext: the caller never sends them as such.
    if (field.encrypted) continue;
    if (Array.isArray(field.children)) collect(field.children, String(field.type).endsWith('[]') ? `${path}[]` : path, out);
  }
}

/** The data file's text: one endpoint per line, so a catalog change shows as a readable diff. */
export function render(fields) {
  const lines = Object.entries(fields).map(([key, list]) => `  ${JSON.stringify(key)}: ${JSON.stringify(list)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

function main(argv) {
  const option = (name, fallback) => {
    const at = argv.indexOf(name);
    return at >= 0 && argv[at + 1] ? argv[at + 1] : fallback;
  };
  const catalogPath = option('--catalog', fileURLToPath(new URL('../shared/catalog/wechatpay-api.json', root)));
  const outPath = option('--out', fileURLToPath(new URL('lib/sensitive-fields/encrypted-fields.json', root)));
  let text;
  try {
    text = readFileSync(catalogPath, 'utf8');
  } catch (error) {
    process.stderr.write(`generate-encrypted-fields: cannot read the catalog at ${catalogPath} (${error.code ?? error.message})\n`);
    return 2;
  }
  const output = render(encryptedFields(JSON.parse(text)));
  if (argv.includes('--stdout')) {
    process.stdout.write(output);
    return 0;
  }
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(outPath, 'utf8');
    } catch {
      // missing: out of date
    }
    if (current === output) return 0;
    process.stderr.write(`generate-encrypted-fields: ${outPath} is out of date with ${catalogPath}; run node scripts/generate-encrypted-fields.mjs\n`);
    return 1;
  }
  writeFileSync(outPath, output);
  process.stdout.write(`generate-encrypted-fields: ${Object.keys(JSON.parse(output)).length} endpoints written to ${outPath}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
