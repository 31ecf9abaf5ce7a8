/**
 * What the docs generator needs from the WeChat Pay API catalog: endpoints with their chain segments and
 * operations, fields with TypeScript types, and the callbacks. Until the shared model of the typed endpoints
 * (scripts/catalog/model.mjs, issue 5) is on this branch, this reads the catalog itself; once it is, this module
 * only reshapes the model, so the reference pages and the types can never disagree.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CATALOG = fileURLToPath(new URL('../../../shared/catalog/wechatpay-api.json', import.meta.url));

/**
 * @typedef {{ name: string, type: string, tsType: string, required: boolean, enum?: string[], encrypted?: string,
 *   encoded?: string, children: Field[] }} Field
 * @typedef {{ method: string, title: string, docs: string, request: Field[], response: Field[] }} Operation
 * @typedef {{ path: string, protocol: 'v2' | 'v3', segments: string[], operations: Operation[] }} Endpoint
 * @typedef {{ event: string, protocol: 'v2' | 'v3', title: string, headers: Field[], body: Field[], resource: Field[] }} Webhook
 */

/** @param {string} [file] @returns {{ endpoints: Endpoint[], webhooks: Webhook[] }} */
export function loadCatalog(file = DEFAULT_CATALOG) {
  const catalog = JSON.parse(readFileSync(file, 'utf8'));
  const endpoints = catalog.endpoints
    // A handful of pages in the source have no operation; there is nothing to document.
    .filter((endpoint) => endpoint.operations.length > 0)
    .map((endpoint) => ({
      path: endpoint.path,
      protocol: endpoint.protocol,
      segments: endpoint.path.split('/'),
      operations: endpoint.operations.map((operation) => ({
        method: operation.method,
        title: operation.title,
        docs: operation.docs,
        request: fields(operation.request),
        response: fields(operation.response),
      })),
    }));
  const webhooks = catalog.webhooks.map((webhook) => {
    const headers = webhook.request.find((part) => part.name === 'headers')?.children ?? [];
    const body = webhook.request.find((part) => part.name === 'body')?.children ?? [];
    return { event: webhook.event, protocol: webhook.protocol, title: webhook.title, headers: fields(headers), body: fields(body), resource: fields(decrypted(body)) };
  });
  return { endpoints, webhooks };
}

/** The fields of the decrypted callback resource (`resource.ciphertext`'s children), where the catalog has them. */
function decrypted(body) {
  const resource = body.find((field) => field.name === 'resource');
  const ciphertext = resource?.children?.find((field) => field.name === 'ciphertext');
  return ciphertext?.children ?? [];
}

/** Fields with a TypeScript type; rows named `--` (a table divider in the source) are dropped. */
function fields(list = []) {
  return list.filter((field) => field.name !== '--').map((field) => {
    const children = fields(field.children);
    /** @type {Field} */
    const out = { name: field.name, type: field.type, tsType: tsType(field, children), required: field.required === true, children };
    if (field.enum) out.enum = field.enum;
    if (field.encrypted) out.encrypted = field.encrypted;
    if (field.encoded) out.encoded = field.encoded;
    return out;
  });
}

const SCALARS = { string: 'string', integer: 'number', number: 'number', float: 'number', boolean: 'boolean', true: 'true' };

function tsType(field, children) {
  const numeric = /^(integer|number)(\[\])?$/.test(field.type);
  const literal = (value) => (numeric && /^-?\d+(\.\d+)?$/.test(value) ? value : JSON.stringify(value));
  if (field.enum?.length) {
    const union = field.enum.map(literal).join(' | ');
    return field.type.endsWith('[]') ? `Array<${union}>` : union;
  }
  if (SCALARS[field.type]) return SCALARS[field.type];
  if (field.type === 'object') return children.length ? 'object' : 'Record<string, unknown>';
  if (field.type === 'object[]') return 'object[]';
  const list = /^(string|integer|number)\[\]$/.exec(field.type);
  if (list) return `${SCALARS[list[1]]}[]`;
  // `--` and other odd values from the source: unknown.
  return 'unknown';
}
