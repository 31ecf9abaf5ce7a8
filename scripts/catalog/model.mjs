/**
 * The WeChat Pay API catalog (`scripts/catalog/wechatpay-api.json`), loaded once and normalised into one model that
 * every generator shares (scripts/generate.mjs runs them; the docs generator reads it too), so the docs, the types,
 * the simulator's callbacks and the sensitive-field list never disagree about a path, a field, an enum or a flag.
 *
 *   import { loadModel } from './catalog/model.mjs';
 *   const { endpoints, webhooks, notes } = loadModel();
 *
 * The catalog is gathered from documentation pages and has a few quirks. Every repair lives here, in
 * {@link normaliseFields} and {@link buildModel}, and each one adds a line to `notes` saying what was repaired, so a
 * fixed catalog shows up as a smaller list. This API is stable: new members are added, existing ones never renamed.
 *
 * @typedef {'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE'} Method
 * @typedef {'string' | 'integer' | 'number' | 'boolean' | 'object' | 'object[]' | 'string[]' | 'integer[]' | 'number[]' | 'true' | 'unknown'} FieldType
 *
 * @typedef {object} Field A normalised request or response field.
 * @property {string} name The name as sent. For an indexed APIv2 name (`coupon_type_$n`) the catalog's spelling.
 * @property {FieldType} type The catalog type; odd values (`--`, `float`, `类型`) become `unknown` (or `number`).
 * @property {string} tsType The TypeScript type of the value alone: `string`, `1 | 2`, `"A" | "B"`, `string[]`,
 *   `number`; `object` and `object[]` for fields with `children` (the generators render those). JSON-encoded
 *   strings are `string`.
 * @property {boolean} required
 * @property {string[]=} enum The allowed values, as the catalog gives them (strings, also for integers).
 * @property {'by-rsa-pubkey' | 'by-aes-gcm' | 'by-aes-ecb'=} encrypted
 * @property {'by-json_encode' | 'by-urlencode'=} encoded The value is a string holding `children` encoded this way.
 * @property {string=} key The property key to declare: the name, or for an indexed name a template literal type
 *   such as `` `coupon_type_${number}` `` (to be used as an index signature, never as a required property).
 * @property {boolean=} indexed True for APIv2 `$n`-indexed names (`coupon_type_$n` means `coupon_type_0`, `_1`, …).
 * @property {Field[]=} children Fields of an object, of each element of an `object[]`, or of an encoded string.
 * @property {string[]=} oneOf The names of the fields of which one is enough (APIv2's 二选一: `transaction_id` or
 *   `out_trade_no`); each of them is then not `required`.
 *
 * @typedef {object} Operation One HTTP method of an endpoint.
 * @property {Method} method
 * @property {string} verb The chain verb: `get`, `post`, … (`getAsync`… are the asynchronous forms).
 * @property {string} title The official API name (Chinese, as on the documentation page).
 * @property {string} docs The link to the official documentation page.
 * @property {Field[]} placeholders The path's `{name}` placeholders, as required strings, in path order.
 * @property {Field=} json The JSON body (`children` are its fields).
 * @property {Field=} query The query string (`children` are its parameters).
 * @property {Field=} body A multipart upload: `children` are file parts (`type: 'object'`) and `meta` (encoded JSON).
 * @property {Field=} xml The APIv2 payload (`children` are its elements).
 * @property {Field=} headers Request headers the page names (`Wechatpay-Serial`, `Idempotency-Key`…).
 * @property {boolean} security APIv2: the call needs the merchant client certificate (`security: true`).
 * @property {boolean} nonceless APIv2: the call takes no `nonce_str` (`nonceless: true`).
 * @property {boolean} multipart The request is a multipart upload (`body` with file parts).
 * @property {boolean} baseUri The page names another host (`base_uri`): pass `baseURL` for it.
 * @property {Field[]} request Every top-level request option, normalised (placeholders, json, query…).
 * @property {Field[]} response The response fields: JSON for APIv3, XML elements for APIv2.
 *
 * @typedef {object} Endpoint
 * @property {string} path As in the catalog, e.g. `v3/payscore/smartretail-orders/{out_order_no}/complete`.
 * @property {'v2' | 'v3'} protocol
 * @property {string} namespace The top-level product: the first two segments (`v3/payscore`, `v2/pay`).
 * @property {string[]} segments The path's segments as written.
 * @property {ChainSegment[]} chain How each segment is reached in the chain.
 * @property {Operation[]} operations Never empty: pages without an operation are left out.
 *
 * @typedef {object} ChainSegment
 * @property {string} segment As written in the path (`smartretail-orders`, `{out_order_no}`).
 * @property {string[]} properties Every property name that `lib/chain/segment.ts` turns into this segment:
 *   the kebab spelling (`smartretail-orders`, `{out_order_no}`), the camelCase one (`smartretailOrders`) and the
 *   `_name_` placeholder (`_out_order_no_`). Empty when no property reaches it (a segment with capitals, such as
 *   APIv2's `addInstitutionsub`): only the `chain('…')` and `['…/…']` path forms do.
 *
 * @typedef {object} Webhook A callback (通知) WeChat Pay sends.
 * @property {string} event The `event_type` (`TRANSACTION.SUCCESS`) or, for APIv2, the catalog's name.
 * @property {'v2' | 'v3'} protocol
 * @property {string} title
 * @property {string=} docs
 * @property {Field[]} headers The request headers of the callback.
 * @property {Field[]} body The envelope (for APIv3 with `resource.ciphertext`).
 * @property {Field[]} resource APIv3: the fields of the decrypted `resource`, repaired where the catalog misplaced
 *   them. Empty for APIv2 callbacks (their encrypted member's `children` in `body` hold the plaintext's fields)
 *   and for moved pages without fields.
 * @property {{ resourceType?: string, summary?: string, originalType?: string, associatedData?: string }} envelope
 *   APIv3: the envelope values the catalog fixes (`resource_type`, `summary`, `resource.original_type`…).
 *
 * @typedef {object} Model
 * @property {Endpoint[]} endpoints Sorted by path.
 * @property {Webhook[]} webhooks Sorted by event.
 * @property {string[]} notes What was repaired or left out, one line each.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The catalog kept in the repository, beside this file (see README.md here). */
export const DEFAULT_CATALOG = fileURLToPath(new URL('./wechatpay-api.json', import.meta.url));

/** The catalog types taken as they are; anything else is a quirk (see {@link normaliseType}). */
export const KNOWN_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'object[]', 'string[]', 'integer[]', 'number[]']);

/** HTTP methods in the order the generators list them. */
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Top-level request names that are options of a call rather than path placeholders. */
export const OPTION_FIELDS = new Set(['json', 'query', 'body', 'xml', 'headers', 'security', 'nonceless', 'base_uri']);

/** The raw catalog JSON. */
export function loadCatalog(path = DEFAULT_CATALOG) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** {@link buildModel} of the catalog at `path`. */
export function loadModel(path = DEFAULT_CATALOG) {
  return buildModel(loadCatalog(path));
}

/**
 * The property names that `normalizeSegment` (lib/chain/segment.ts) turns into `segment`. Mirrors it exactly: a
 * property is lowered at its first capital and every other capital X becomes `-x`; a whole `_name_` becomes `{name}`.
 * @param {string} segment
 * @returns {string[]}
 */
export function segmentProperties(segment) {
  const candidates = [segment];
  const placeholder = /^\{(.+)\}$/.exec(segment);
  if (placeholder) candidates.push(`_${placeholder[1]}_`);
  candidates.push(segment.replace(/-([a-z])/g, (_, c) => c.toUpperCase()));
  return [...new Set(candidates)].filter((name) => normalizeSegment(name) === segment);
}

/** lib/chain/segment.ts's `normalizeSegment`, kept identical (a test compares them). */
export function normalizeSegment(key) {
  const kebab = key.replace(/^[A-Z]/, (c) => c.toLowerCase()).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return kebab.replace(/^_(.+)_$/, '{$1}');
}

/** The path's `{name}` placeholders, in order. */
export function placeholderNames(path) {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
}

/** The top-level product of a path: its first two segments. */
export function namespaceOf(path) {
  return path.split('/').slice(0, 2).join('/');
}

/**
 * The catalog type as a {@link FieldType}, with a note for each repair.
 * @returns {FieldType}
 */
export function normaliseType(field, where, notes) {
  const type = field.type;
  if (KNOWN_TYPES.has(type) || type === 'true') return type;
  // One APIv2 sandbox row says `float`: a number.
  if (type === 'float') {
    notes.push(`${where}: type "float" read as number`);
    return 'number';
  }
  // `--` rows (pages without fields) and `类型` (a table header read as a field) carry no type.
  notes.push(`${where}: type ${JSON.stringify(type)} treated as unknown`);
  return 'unknown';
}

/** A TypeScript literal for one enum value of a field of `type`. */
function enumLiteral(value, numeric) {
  return numeric ? String(Number(value)) : JSON.stringify(String(value));
}

/** The TypeScript type of a field's value alone (see {@link Field.tsType}). */
export function scalarTsType(field) {
  const { type } = field;
  if (field.encoded) return 'string';
  const numeric = ['integer', 'number', 'integer[]', 'number[]'].includes(type);
  if (field.enum?.length) {
    const union = field.enum.map((value) => enumLiteral(value, numeric)).join(' | ');
    return type.endsWith('[]') ? `Array<${union}>` : union;
  }
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'true':
      return 'true';
    case 'string[]':
      return 'string[]';
    case 'integer[]':
    case 'number[]':
      return 'number[]';
    case 'object':
      return 'object';
    case 'object[]':
      return 'object[]';
    default:
      return 'unknown';
  }
}

/**
 * Normalised fields, repaired where the catalog is known to be wrong; `notes` gets a line per repair.
 * @param {any[]} fields
 * @param {string} where e.g. `POST v3/pay/… json`, for the notes
 * @param {string[]} notes
 * @returns {Field[]}
 */
export function normaliseFields(fields, where, notes) {
  const out = [];
  const seen = new Set();
  for (const raw of fields ?? []) {
    let name = raw.name;
    // `--` rows stand for "no fields" on a few pages.
    if (name === '--') {
      notes.push(`${where}: a "--" row (no fields) left out`);
      continue;
    }
    // `payer _currency` (two micropay pages): a space slipped into the name.
    if (/\s/.test(name)) {
      const fixed = name.replace(/\s+/g, '');
      notes.push(`${where}.${name}: read as ${fixed} (a stray space)`);
      name = fixed;
    }
    const at = `${where}.${name}`;
    // Repeated names (APIv2 scene_info variants, one per scene): an object keeps one key, the first.
    if (seen.has(name)) {
      notes.push(`${at}: repeated, the first kept`);
      continue;
    }
    seen.add(name);
    let type = normaliseType(raw, at, notes);
    /** @type {Field} */
    const field = { name, type, required: raw.required === true };
    if (raw.enum?.length) {
      field.enum = raw.enum.map(String);
      // `discount_mode` is typed number but its values are words: the values win.
      if (['integer', 'number', 'integer[]', 'number[]'].includes(type) && !field.enum.every((value) => /^-?\d+(\.\d+)?$/.test(value))) {
        notes.push(`${at}: a ${type} with non-numeric enum values, read as a string`);
        field.type = type = type.endsWith('[]') ? 'string[]' : 'string';
      }
    }
    if (raw.encrypted) field.encrypted = raw.encrypted;
    if (raw.encoded) {
      // Two multipart `meta` parts say `encoded: "true"`: they are JSON like every other `meta`.
      if (raw.encoded === 'true') notes.push(`${at}: encoded "true" read as by-json_encode`);
      field.encoded = raw.encoded === 'true' ? 'by-json_encode' : raw.encoded;
    }
    if (name.includes('$')) {
      field.indexed = true;
      field.key = `\`${name.replace(/\$[a-z]/g, '${number}')}\``;
    } else {
      field.key = name;
    }
    field.tsType = scalarTsType(field);
    const children = raw.children ?? [];
    if (children.length > 0) field.children = normaliseFields(children, at, notes);
    out.push(field);
  }
  if (where.includes(' v2/') && !where.includes(' response') && !where.includes('customs')) relaxAlternatives(out, where, notes);
  return out;
}

/**
 * APIv2 pages mark both of "transaction_id or out_trade_no" (二选一), and all four of a refund query's ids, as
 * required, where WeChat Pay takes one of them: each becomes optional, with `oneOf` naming the group. (Customs
 * declarations really take both, and v3 pages mark such groups correctly.)
 */
const ALTERNATIVES = [
  ['transaction_id', 'out_trade_no'],
  ['refund_id', 'out_refund_no'],
];
function relaxAlternatives(fields, where, notes) {
  const byName = new Map(fields.map((field) => [field.name, field]));
  const required = (name) => byName.get(name)?.required === true;
  if (!ALTERNATIVES[0].every(required)) return;
  // The refund ids join the group only where they are alternatives too (a refund query), not the new refund's id.
  const group = ALTERNATIVES[1].every(required) ? ALTERNATIVES.flat() : ALTERNATIVES[0];
  for (const name of group) {
    const field = byName.get(name);
    field.required = false;
    field.oneOf = group;
  }
  notes.push(`${where}: ${group.join(', ')} all marked required, where one is enough (二选一): made optional`);
}

/**
 * The model of a parsed catalog.
 * @param {{ endpoints: any[], webhooks?: any[] }} catalog
 * @returns {Model}
 */
export function buildModel(catalog) {
  if (!catalog || !Array.isArray(catalog.endpoints)) throw new Error('the catalog has no `endpoints` array');
  const notes = [];
  const endpoints = [];
  const byPath = new Map();
  for (const entry of catalog.endpoints) {
    if (!entry.operations?.length) {
      notes.push(`${entry.path}: no operation on its page, left out`);
      continue;
    }
    // A path on two pages is one endpoint with the operations of both.
    let endpoint = byPath.get(entry.path);
    if (!endpoint) {
      const segments = entry.path.split('/');
      endpoint = {
        path: entry.path,
        protocol: entry.protocol,
        namespace: namespaceOf(entry.path),
        segments,
        chain: segments.map((segment) => ({ segment, properties: segmentProperties(segment) })),
        operations: [],
      };
      byPath.set(entry.path, endpoint);
      endpoints.push(endpoint);
    }
    const placeholders = placeholderNames(entry.path);
    for (const op of entry.operations) {
      const method = String(op.method).toUpperCase();
      if (method !== op.method) notes.push(`${op.method} ${entry.path}: method read as ${method}`);
      if (endpoint.operations.some((other) => other.method === method)) {
        notes.push(`${method} ${entry.path}: repeated, the first kept`);
        continue;
      }
      endpoint.operations.push(buildOperation(entry, { ...op, method }, placeholders, notes));
    }
    endpoint.operations.sort((a, b) => METHODS.indexOf(a.method) - METHODS.indexOf(b.method));
  }
  endpoints.sort((a, b) => compare(a.path, b.path));
  return { endpoints, webhooks: buildWebhooks(catalog, notes), notes };
}

function buildOperation(entry, op, placeholders, notes) {
  const where = `${op.method} ${entry.path}`;
  const request = normaliseFields(op.request, where, notes);
  const byName = new Map(request.map((field) => [field.name, field]));
  const operation = {
    method: op.method,
    verb: op.method.toLowerCase(),
    title: op.title,
    docs: op.docs,
    placeholders: placeholders.map((name) => {
      if (!byName.has(name)) notes.push(`${where}: placeholder ${name} not among the request fields, added`);
      return { name, key: name, type: 'string', tsType: 'string', required: true };
    }),
    security: byName.get('security')?.type === 'true',
    nonceless: byName.get('nonceless')?.type === 'true',
    baseUri: byName.has('base_uri'),
    multipart: false,
    request,
    response: normaliseFields(op.response, `${where} response`, notes),
  };
  for (const kind of ['json', 'query', 'body', 'xml', 'headers']) {
    const field = byName.get(kind);
    if (field) operation[kind] = field;
  }
  if (operation.body?.children?.some((part) => part.type === 'object' && !part.children?.length)) operation.multipart = true;
  for (const field of request) {
    if (OPTION_FIELDS.has(field.name) || placeholders.includes(field.name)) continue;
    // `fragment` (browser redirect pages), `timeout` (a sandbox page's own parameter, not ours), the APIv2
    // institution pages' own names, and misspelt placeholders (`use_id` for `user_id`): not options of a call.
    notes.push(`${where}: top-level ${field.name} is neither an option nor a placeholder, left out of the options`);
  }
  return operation;
}

/** What belongs to an APIv3 callback's `resource` itself rather than to its decrypted fields. */
const RESOURCE_MEMBERS = new Set(['original_type', 'algorithm', 'associated_data', 'nonce', 'ciphertext']);

function buildWebhooks(catalog, notes) {
  if (catalog.webhooks !== undefined && !Array.isArray(catalog.webhooks)) throw new Error("the catalog's `webhooks` is not an array");
  const webhooks = (catalog.webhooks ?? []).map((entry) => buildWebhook(entry, notes));
  webhooks.sort((a, b) => compare(a.event, b.event) || compare(a.protocol, b.protocol));
  for (let i = 1; i < webhooks.length; i++) {
    if (webhooks[i].event === webhooks[i - 1].event && webhooks[i].protocol === webhooks[i - 1].protocol)
      throw new Error(`two ${webhooks[i].protocol} entries for ${webhooks[i].event}`);
  }
  return webhooks;
}

/** @returns {Webhook} */
function buildWebhook(entry, notes) {
  const where = `webhook ${entry.event}`;
  const request = entry.request ?? [];
  const part = (name) => request.find((field) => field.name === name)?.children ?? [];
  const hook = {
    event: entry.event,
    protocol: entry.protocol,
    title: entry.title,
    headers: normaliseFields(part('headers'), `${where} headers`, notes),
    // An APIv3 envelope's repairs are those of `resource`, noted below; noting them twice would be noise.
    body: normaliseFields(part('body'), `${where} body`, entry.protocol === 'v3' ? [] : notes),
    resource: [],
    envelope: {},
  };
  if (entry.docs) hook.docs = entry.docs;
  if (entry.protocol === 'v3') {
    const found = v3Resource(entry, where, notes);
    if (found) {
      hook.resource = normaliseFields(found.fields, `${where} resource`, notes);
      hook.envelope = found.envelope;
    }
  }
  return hook;
}

/**
 * The raw decrypted fields of an APIv3 callback and the envelope values the catalog fixes, with the catalog's
 * misplaced fields put back; `undefined` for a moved page without fields.
 */
function v3Resource(entry, where, notes) {
  const { event, title, request = [] } = entry;
  // Pages that moved ("Moved to /webhook/v3/…") keep their old event name and no fields.
  if (request.length === 0) {
    notes.push(`${where}: no fields in the catalog (${title})`);
    return undefined;
  }
  const body = request.find((part) => part.name === 'body');
  const resource = body?.children?.find((field) => field.name === 'resource');
  const ciphertext = resource?.children?.find((field) => field.name === 'ciphertext' && field.encrypted === 'by-aes-gcm');
  if (!ciphertext) throw new Error(`${event}: no body.resource.ciphertext encrypted by-aes-gcm`);
  let fields = ciphertext.children ?? [];
  if (fields.length === 0) {
    // ECOMMERCE_ENTRUST.*: the decrypted fields hang under resource.original_type; MCHWITHDRAW.CHANGE: under
    // three resource.original_data variants (the first is kept, as with any repeated name).
    const holders = resource.children.filter((field) => field !== ciphertext && field.children?.length);
    if (holders.length > 0) {
      const which = holders.length > 1 ? `the first of ${holders.length} resource.${holders[0].name}` : `resource.${holders[0].name}`;
      notes.push(`${where}: decrypted fields taken from ${which}, where the catalog put them`);
      fields = holders[0].children;
    }
  }
  // RECHARGE.CLOSED: the last decrypted fields ended up beside headers and body.
  const strays = request.filter((part) => !['headers', 'body', '--'].includes(part.name));
  if (strays.length > 0) {
    notes.push(`${where}: ${strays.map((part) => part.name).join(', ')} moved from the top of the request into the decrypted fields`);
    fields = [...fields, ...strays];
  }
  for (const member of resource.children) {
    if (!RESOURCE_MEMBERS.has(member.name) && !member.children?.length)
      notes.push(`${where}: resource.${member.name} ignored (not an envelope member)`);
  }
  const enumOf = (list, name) => list?.find((field) => field.name === name)?.enum?.[0];
  const envelope = {};
  const values = {
    resourceType: enumOf(body.children, 'resource_type'),
    summary: enumOf(body.children, 'summary'),
    originalType: enumOf(resource.children, 'original_type'),
    associatedData: enumOf(resource.children, 'associated_data'),
  };
  for (const [key, value] of Object.entries(values)) if (value !== undefined) envelope[key] = value;
  return { fields: repairResource(fields, where, 'resource.', notes), envelope };
}

/** The repairs of decrypted callback fields that {@link normaliseFields} does not make (it runs after). */
function repairResource(fields, where, path, notes) {
  const out = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const at = `${where} ${path}${field.name}`;
    let children = field.children ?? [];
    // RECHARGE.CLOSED: `qr_recharge_info` (an object without fields) is followed by `employee_type` (a string
    // with a field): a nesting level was lost, so the string and its field belong inside the object.
    const following = fields[i + 1];
    if (
      field.type === 'object' &&
      children.length === 0 &&
      following &&
      !following.type?.startsWith('object') &&
      !following.encoded &&
      following.children?.length
    ) {
      notes.push(`${at}: ${following.name} and its fields moved into it (a lost nesting level)`);
      children = [{ ...following, children: undefined }, ...following.children];
      i++;
    }
    // Only objects, arrays of objects and JSON-encoded strings have fields of their own.
    if (children.length > 0 && !(field.type === 'object' || field.type === 'object[]' || field.encoded === 'by-json_encode')) {
      notes.push(`${at}: fields of a ${field.type} dropped`);
      children = [];
    }
    const repaired = { ...field, children: repairResource(children, where, `${path}${field.name}.`, notes) };
    if (repaired.children.length === 0) delete repaired.children;
    out.push(repaired);
  }
  return out;
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
